/// The layer types that come with Plexus, registered before anything else, in the order
/// messages list them. A new built-in layer is one line here and one file of its own.
enum BuiltInLayers {
    static var types: [any RegisteredLayer.Type] {
        [
            Dense.self, ActivationLayer.self,
            Embedding.self,
            Conv2D.self,
            MaxPooling2D.self, AveragePooling2D.self,
            GlobalAveragePooling1D.self,
            GlobalAveragePooling2D.self,
            GlobalMaxPooling2D.self,
            BatchNormalization.self, LayerNormalization.self,
            Dropout.self,
            Flatten.self, Reshape.self,
            Rescaling.self,
            NormalizationLayer.self,
            Add.self, Subtract.self, Multiply.self, Average.self, Maximum.self, Concatenate.self,
        ]
    }
}

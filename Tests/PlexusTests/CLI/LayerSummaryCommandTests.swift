import Testing

/// `plexus summary` on the layers real models use counts parameters as Keras does, the
/// moving statistics of batch normalization among the non-trainable ones.
@Suite struct LayerSummaryCommandTests {
    @Test func theIssuesModelHasKerasTotal() throws {
        let result = try CommandRunner.run([
            "summary", "--layers",
            "conv:32:3:relu,batchnorm,maxpool:2,conv:64:3,layernorm,globalavgpool,dropout:0.3,64:relu:l2=0.001,10",
            "--input-shape", "28,28,1",
        ])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("Total params: 23,882"))
        #expect(result.output.contains("Non-trainable params: 64"))
        #expect(result.output.contains("batch_normalization (BatchNormalization)"))
        #expect(result.output.contains("global_average_pooling2d (GlobalAveragePooling2D)"))
    }

    @Test func anEmbeddingModelHasKerasTotal() throws {
        let result = try CommandRunner.run([
            "summary", "--layers", "embedding:1000:16,globalavgpool1d,16:relu,1:sigmoid", "--input-shape", "20",
        ])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("Total params: 16,289"))
    }
}

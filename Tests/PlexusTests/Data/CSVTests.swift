import Testing
@testable import Plexus

@Suite struct CSVTests {
    @Test func readsFeaturesLabelsAndNames() throws {
        let path = DataTesting.write("age,height,label\n30,1.75,1\n41,1.6,0\n")
        let data = try CSV.load(path)
        #expect(data.features.shape == [2, 2])
        #expect(data.features.scalars == [30, 1.75, 41, 1.6])
        #expect(data.labels.shape == [2])
        #expect(data.labels.scalars == [1, 0])
        #expect(data.featureNames == ["age", "height"])
        #expect(data.classNames == nil)
        #expect(data.name == "data.csv")
        #expect(data.count == 2)
    }

    @Test func labelColumnCanBeAnyColumn() throws {
        let path = DataTesting.write("age,target,height\n30,5.5,1.75\n41,-2,1.6\n")
        let data = try CSV.load(path, labelColumn: "target")
        #expect(data.featureNames == ["age", "height"])
        #expect(data.features.scalars == [30, 1.75, 41, 1.6])
        #expect(data.labels.scalars == [5.5, -2])
    }

    @Test func textLabelsBecomeSortedClassIndices() throws {
        let path = DataTesting.write("x,species\n1,virginica\n2,setosa\n3,versicolor\n4,setosa\n")
        let data = try CSV.load(path)
        #expect(data.classNames == ["setosa", "versicolor", "virginica"])
        #expect(data.labels.scalars == [2, 0, 1, 0])
        #expect(data.task == .multiclass(classes: 3))
    }

    @Test func quotedFieldsCRLFBlankLinesAndSpaces() throws {
        let text =
            "\u{FEFF}\"first, feature\",\"b\",city\r\n"
            + " 1.5 , \"2\" ,\"New York, NY\"\r\n"
            + "\r\n"
            + "-3e2,\t.25,\"say \"\"hi\"\"\"\r\n"
            + "\r\n"
        let data = try CSV.load(DataTesting.write(text))
        #expect(data.featureNames == ["first, feature", "b"])
        #expect(data.features.scalars == [1.5, 2, -300, 0.25])
        #expect(data.classNames == ["New York, NY", "say \"hi\""])
        #expect(data.labels.scalars == [0, 1])
    }

    @Test func quotedFieldMaySpanLines() throws {
        let data = try CSV.load(DataTesting.write("a,label\n1,\"two\nlines\"\n2,x\n"))
        #expect(data.classNames == ["two\nlines", "x"])
        // A later error still reports the right physical line.
        let message = DataTesting.message { try CSV.load(DataTesting.write("a,label\n1,\"two\nlines\"\nzz,x\n")) }
        #expect(message.contains("line 4, column \"a\": \"zz\" is not a number"))
    }

    @Test func otherDelimiters() throws {
        let data = try CSV.load(DataTesting.write("a;b;y\n1,5;2;0\n".replacingOccurrences(of: "1,5", with: "1.5")), delimiter: ";")
        #expect(data.features.scalars == [1.5, 2])
        let tabbed = try CSV.load(DataTesting.write("a\tb\ty\n1\t2\t3\n"), delimiter: "\t")
        #expect(tabbed.labels.scalars == [3])
    }

    @Test func gzippedFile() throws {
        let data = try CSV.load(DataTesting.fixture("small.csv.gz"))
        #expect(data.features.scalars == [1, 2, 3, 4])
        #expect(data.labels.scalars == [0, 1])
        #expect(data.name == "small.csv.gz")
    }

    @Test func concatenatedGzipMembers() throws {
        let data = try CSV.load(DataTesting.fixture("two_members.csv.gz"))
        #expect(data.features.scalars == [1, 2, 3, 4])
        #expect(data.labels.scalars == [0, 1])
    }

    @Test func damagedGzipIsAnErrorNamingTheFile() {
        let error = DataTesting.error { try CSV.load(DataTesting.fixture("damaged.csv.gz")) }
        #expect(error?.kind == .malformed)
        #expect(error?.description.contains("damaged.csv.gz: corrupt gzip data") == true)
    }

    @Test func manyRowsParseExactly() throws {
        var text = "i,half,tenth,label\n"
        for i in 0..<20_000 { text += "\(i),\(Double(i) / 2),\(Double(i) / 10),\(i % 3)\n" }
        let data = try CSV.load(DataTesting.write(text))
        #expect(data.features.shape == [20_000, 3])
        let values = data.features.scalars
        for i in stride(from: 0, to: 20_000, by: 997) {
            #expect(values[3 * i] == Float(i))
            #expect(values[3 * i + 1] == Float(Double(i) / 2))
            #expect(values[3 * i + 2] == Float("\(Double(i) / 10)"))
        }
        #expect(data.task == .multiclass(classes: 3))
    }

    // MARK: errors

    @Test func textInAFeatureNamesFileLineAndColumn() {
        let text = "id,age,label\n" + (1...5).map { "\($0),\($0 * 10),0\n" }.joined() + "6,abc,1\n"
        let path = DataTesting.write(text)
        let error = DataTesting.error { try CSV.load(path) }
        #expect(error?.kind == .invalidValue)
        #expect(error?.description.hasPrefix("\(path) line 7, column \"age\": \"abc\" is not a number") == true)
        #expect(error?.description.contains("data.csv") == true)
    }

    @Test func emptyFeatureValue() {
        let message = DataTesting.message { try CSV.load(DataTesting.write("a,b,label\n1,,0\n")) }
        #expect(message.contains("data.csv line 2, column \"b\": the value is empty"))
    }

    @Test func unknownLabelColumnListsTheColumns() {
        let message = DataTesting.message { try CSV.load(DataTesting.write("age,height,label\n1,2,3\n"), labelColumn: "price") }
        #expect(message.contains("data.csv: no column \"price\""))
        #expect(message.contains("\"age\", \"height\", \"label\""))
    }

    @Test func emptyFileAndHeaderOnly() {
        let empty = DataTesting.error { try CSV.load(DataTesting.write("", named: "empty.csv")) }
        #expect(empty?.kind == .empty)
        #expect(empty?.description.contains("empty.csv: no data rows") == true)
        let headerOnly = DataTesting.message { try CSV.load(DataTesting.write("a,b,label\n\n", named: "header.csv")) }
        #expect(headerOnly.contains("header.csv: no data rows"))
    }

    @Test func wrongFieldCountNamesTheLine() {
        let message = DataTesting.message { try CSV.load(DataTesting.write("a,b,label\n1,2,0\n3,4\n5,6,1\n")) }
        #expect(message.contains("data.csv line 3: expected 3 fields, as in the header, but found 2"))
    }

    @Test func unclosedQuoteNamesTheLine() {
        let message = DataTesting.message { try CSV.load(DataTesting.write("a,label\n1,0\n2,\"open\n3,1\n")) }
        #expect(message.contains("data.csv line 3: a quoted field is not closed"))
    }

    @Test func singleColumnIsNotADataSet() {
        let message = DataTesting.message { try CSV.load(DataTesting.write("a\n1\n2\n")) }
        #expect(message.contains("data.csv: the header has only one column"))
    }

    @Test func tooManyDistinctTextLabels() {
        let text = "x,price\n" + (0..<150).map { "\($0),\($0)\n" }.joined() + "150,n/a\n"
        let message = DataTesting.message { try CSV.load(DataTesting.write(text)) }
        #expect(message.contains("data.csv line 152, column \"price\": \"n/a\" is not a number"))
        #expect(message.contains("151 distinct values"))
    }

    @Test func missingAndTruncatedFiles() {
        let missing = DataTesting.error { try CSV.load("/nonexistent/folder/data.csv") }
        #expect(missing?.kind == .fileNotFound)
        #expect(missing?.description == "/nonexistent/folder/data.csv: no such file")
        let truncated = DataTesting.message { try CSV.load(DataTesting.fixture("truncated.csv.gz")) }
        #expect(truncated.contains("truncated.csv.gz"))
        #expect(truncated.contains("truncated"))
        let notGzip = DataTesting.message { try CSV.load(DataTesting.write("a,b\n1,2\n", named: "plain.csv.gz")) }
        #expect(notGzip.contains("plain.csv.gz: the name ends in .gz but the file is not gzip data"))
    }
}

@Suite struct NumberParsingTests {
    private func parse(_ text: String) -> Float? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { NumberParsing.parseFloat($0, 0, $0.count) }
    }

    @Test func plainForms() {
        #expect(parse("12") == 12)
        #expect(parse("-0.5") == -0.5)
        #expect(parse("+3.") == 3)
        #expect(parse(".25") == 0.25)
        #expect(parse("1e-3") == Float("1e-3"))
        #expect(parse("6.02E+23") == Float("6.02E+23"))
        #expect(parse("  7 \t") == 7)
        #expect(parse("1.510000000000000000e+02") == 151)
        #expect(parse("0.000") == 0)
        #expect(parse("-0")?.sign == .minus)
        #expect(parse("123456789012345678901234567890") == Float("123456789012345678901234567890"))
        #expect(parse("1e400") == .infinity)
    }

    @Test func notNumbers() {
        for text in ["", " ", "abc", "nan", "inf", "0x10", "1.2.3", "1e", "--1", ".", "e5", "1,5", "12a"] {
            #expect(parse(text) == nil, "\(text)")
        }
    }

    @Test func agreesWithTheStandardLibrary() {
        var generator = RandomGenerator(seed: 3)
        for _ in 0..<20_000 {
            let digits = 1 + generator.nextInt(below: 12)
            var text = generator.nextInt(below: 2) == 0 ? "-" : ""
            for position in 0..<digits {
                if position == generator.nextInt(below: digits) && !text.contains(".") { text += "." }
                text += String(generator.nextInt(below: 10))
            }
            if generator.nextInt(below: 4) == 0 { text += "e\(generator.nextInt(below: 60) - 30)" }
            #expect(parse(text) == Float(text), "\(text)")
        }
    }
}

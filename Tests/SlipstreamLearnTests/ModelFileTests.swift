import Foundation
import SlipstreamLearn
import SlipstreamTestKit
import Testing

@Suite struct ModelFileTests {
    static let spec = FeatureSpec(numeric: [.init("amount")], categorical: [.init("country")], hashBits: 18)

    static func trained() throws -> (ModelFile, FeatureEncoder, FeatureVector) {
        var encoder = try FeatureEncoder(spec: spec)
        var learner = try LogisticRegression(configuration: LearnerConfiguration(
            model: .logistic, hashBits: 18, denseSlots: encoder.denseSlots))
        var x = encoder.makeVector()
        for i in 0..<500 {
            encoder.begin(&x)
            encoder.addNumeric(0, Double(i % 17), to: &x)
            encoder.addCategorical(0, "c\(i % 5)", to: &x)
            encoder.finish(&x)
            learner.learn(x, target: i % 5 == 0 ? 1 : 0)
        }
        return (ModelFile(learner: learner, encoder: encoder, metadata: ["target": "fraud"]), encoder, x)
    }

    @Test func roundTripRestoresEverything() throws {
        let (file, encoder, x) = try Self.trained()
        let bytes = try file.serialized()
        let read = try ModelFile.parse(bytes, expecting: Self.spec)
        #expect(try read.makeLearner().score(x) == file.makeLearner().score(x))
        #expect(read.metadata["target"] == "fraud")
        #expect(read.encoder?.standardScaler == encoder.standardScaler)
        #expect(read.configuration == file.configuration)
        #expect(read.core.optimizer == file.core.optimizer)
    }

    @Test func writesAndReadsFiles() throws {
        let (file, _, x) = try Self.trained()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("slipstream-model-\(UUID()).slsm")
        defer { try? FileManager.default.removeItem(at: url) }
        try file.write(to: url)
        #expect(try ModelFile.read(from: url).makeLearner().score(x) == file.makeLearner().score(x))
    }

    @Test func aFlippedBitFailsTheChecksum() throws {
        var bytes = try Self.trained().0.serialized()
        bytes[bytes.count / 2] ^= 0x10
        #expect {
            try ModelFile.parse(bytes)
        } throws: { error in
            guard case .checksumMismatch = error as? ModelFileError else { return false }
            return true
        }
    }

    @Test func anUnknownVersionIsRefused() throws {
        var bytes = try Self.trained().0.serialized()
        bytes[4] = 99
        #expect(throws: ModelFileError.unsupportedVersion(found: 99, supported: ModelFile.formatVersion)) {
            try ModelFile.parse(bytes)
        }
        #expect(ModelFileError.unsupportedVersion(found: 99, supported: 1).description.contains("version 99"))
    }

    @Test func otherFilesAndTruncationsAreRefused() throws {
        #expect(throws: ModelFileError.notAModelFile) { try ModelFile.parse(Array("hello world".utf8)) }
        let bytes = try Self.trained().0.serialized()
        for cut in [6, 20, bytes.count / 2, bytes.count - 1] {
            #expect(throws: ModelFileError.self) { try ModelFile.parse(Array(bytes.prefix(cut))) }
        }
    }

    @Test func aDifferentFeatureSpecIsRefused() throws {
        let bytes = try Self.trained().0.serialized()
        var other = Self.spec
        other.categorical = [.init("region")]
        #expect {
            try ModelFile.parse(bytes, expecting: other)
        } throws: { error in
            guard case .featureSpecMismatch(let m) = error as? ModelFileError else { return false }
            return m.contains("country") && m.contains("region")
        }
        var moreBits = Self.spec
        moreBits.hashBits = 20
        #expect(throws: ModelFileError.self) { try ModelFile.parse(bytes, expecting: moreBits) }
    }
}

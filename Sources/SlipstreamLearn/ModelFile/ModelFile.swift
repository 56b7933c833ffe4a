import Foundation

/// A trained model as a self-describing, versioned, checksummed file: the learner's configuration
/// (hyperparameters), its optimizer state, its weights and per-weight optimizer state, and optionally the feature
/// specification and transform state (`FeatureEncoder`) it was trained with.
///
/// Layout (little-endian):
/// ```
/// "SLSM"  magic
/// u32     format version (ModelFile.formatVersion)
/// u32     header length H, then H bytes of JSON (Header)
/// u64     number of stored slots S, then S x (u32 slot, width x f32): every slot with a non-zero float
/// u32     CRC-32 of everything before it
/// ```
/// Reading checks magic, version, checksum, then the header against the weights, then (if the caller gives one)
/// the feature specification; any mismatch throws `ModelFileError` and no model is returned.
public struct ModelFile: Sendable {
    /// The format version this build writes and reads.
    public static let formatVersion: UInt32 = 1
    static let magic: [UInt8] = Array("SLSM".utf8)

    /// The learner (restorable as `LogisticRegression`, `LinearRegression` or `SoftmaxRegression`).
    public var configuration: LearnerConfiguration
    /// Weights and optimizer state.
    public var core: LinearCore
    /// Features and transform state, when the model was trained through a `FeatureEncoder`.
    public var encoder: FeatureEncoder?
    /// Free-form facts (target field, label mapping, training examples...).
    public var metadata: [String: String]

    /// A model file of a learner.
    public init<L: OnlineLearner>(learner: L, encoder: FeatureEncoder? = nil, metadata: [String: String] = [:]) {
        self.configuration = learner.configuration
        self.core = learner.core
        self.encoder = encoder
        self.metadata = metadata
    }

    /// A model file of a type-erased learner.
    public init(anyLearner learner: any OnlineLearner, encoder: FeatureEncoder? = nil, metadata: [String: String] = [:]) {
        self.configuration = learner.configuration
        self.core = learner.core
        self.encoder = encoder
        self.metadata = metadata
    }

    /// The learner, restored.
    public func makeLearner() throws(ModelFileError) -> any OnlineLearner {
        do {
            switch configuration.model {
            case .logistic: return try LogisticRegression(configuration: configuration, core: core)
            case .linear: return try LinearRegression(configuration: configuration, core: core)
            case .softmax: return try SoftmaxRegression(configuration: configuration, core: core)
            }
        } catch {
            throw .corrupt(error.description)
        }
    }

    struct Header: Codable {
        var configuration: LearnerConfiguration
        var optimizer: Optimizer
        var slots: Int
        var width: Int
        var outputs: Int
        var encoder: FeatureEncoder?
        var metadata: [String: String]
    }

    static func jsonEncoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return e
    }

    static func jsonDecoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return d
    }

    /// The file's bytes.
    public func serialized() throws(ModelFileError) -> [UInt8] {
        let header = Header(configuration: configuration, optimizer: core.optimizer, slots: core.table.slots,
                            width: core.table.width, outputs: core.table.outputs, encoder: encoder, metadata: metadata)
        let json: Data
        do { json = try Self.jsonEncoder().encode(header) } catch { throw .io("cannot encode the header: \(error)") }
        var out = Self.magic
        out.reserveCapacity(16 + json.count + core.table.nonZeroSlots() * (4 + 4 * core.table.width))
        Self.append(Self.formatVersion, to: &out)
        Self.append(UInt32(json.count), to: &out)
        out.append(contentsOf: json)
        let width = core.table.width
        let total = core.table.slots * core.table.outputs
        let countAt = out.count
        Self.append(UInt64(0), to: &out)
        var stored: UInt64 = 0
        core.table.withUnsafeBuffer { buf in
            for s in 0..<total {
                let base = s * width
                var any = false
                for k in 0..<width where buf[base + k] != 0 { any = true; break }
                guard any else { continue }
                stored += 1
                Self.append(UInt32(s), to: &out)
                for k in 0..<width { Self.append(buf[base + k].bitPattern, to: &out) }
            }
        }
        withUnsafeBytes(of: stored.littleEndian) { out.replaceSubrange(countAt..<countAt + 8, with: $0) }
        let crc = out.withUnsafeBytes { CRC32.update(0, $0) }
        Self.append(crc, to: &out)
        return out
    }

    /// Writes the file atomically (a temporary file renamed over the destination).
    public func write(to url: URL) throws(ModelFileError) {
        let bytes = try serialized()
        do { try Data(bytes).write(to: url, options: .atomic) } catch { throw .io("cannot write \(url.path): \(error.localizedDescription)") }
    }

    /// Reads a file; with `expecting`, the stored feature specification must equal it.
    public static func read(from url: URL, expecting spec: FeatureSpec? = nil) throws(ModelFileError) -> ModelFile {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw .io("cannot read \(url.path): \(error.localizedDescription)") }
        return try parse(Array(data), expecting: spec)
    }

    /// Parses a file's bytes; with `expecting`, the stored feature specification must equal it.
    public static func parse(_ bytes: [UInt8], expecting spec: FeatureSpec? = nil) throws(ModelFileError) -> ModelFile {
        var r = ByteReader(bytes)
        guard bytes.count >= 4, Array(bytes[0..<4]) == magic else { throw .notAModelFile }
        r.offset = 4
        let version = try r.u32("format version")
        guard version == formatVersion else { throw .unsupportedVersion(found: version, supported: formatVersion) }
        guard bytes.count >= 16 else { throw .truncated("\(bytes.count) bytes") }
        let stored = UInt32(bytes[bytes.count - 4]) | UInt32(bytes[bytes.count - 3]) << 8
            | UInt32(bytes[bytes.count - 2]) << 16 | UInt32(bytes[bytes.count - 1]) << 24
        let computed = bytes.withUnsafeBytes { CRC32.update(0, UnsafeRawBufferPointer(rebasing: $0[0..<(bytes.count - 4)])) }
        guard stored == computed else { throw .checksumMismatch(stored: stored, computed: computed) }
        r.end = bytes.count - 4

        let headerLength = Int(try r.u32("header length"))
        let json = try r.bytes(headerLength, "header")
        let header: Header
        do { header = try jsonDecoder().decode(Header.self, from: Data(json)) } catch {
            throw .corrupt("unreadable header: \(error)")
        }
        let config = header.configuration
        guard header.optimizer.kind == config.optimizer.kind else { throw .corrupt("optimizer state does not match the configuration") }
        var core = LinearCore(hashBits: config.hashBits, denseSlots: config.denseSlots, outputs: header.outputs,
                              optimizer: header.optimizer, regularization: config.regularization,
                              fitIntercept: config.fitIntercept)
        guard core.table.slots == header.slots, core.table.width == header.width, header.outputs >= 1 else {
            throw .corrupt("weight table \(header.slots)x\(header.width) does not fit the configuration")
        }
        let count = try r.u64("slot count")
        let width = header.width
        let total = header.slots * header.outputs
        guard count <= UInt64(total) else { throw .corrupt("\(count) stored slots for a table of \(total)") }
        let pointer = core.table.uniqueBase()
        for _ in 0..<count {
            let s = Int(try r.u32("slot index"))
            guard s < total else { throw .corrupt("slot \(s) beyond the table (\(total))") }
            for k in 0..<width { pointer[s * width + k] = Float(bitPattern: try r.u32("weights")) }
        }
        guard r.offset == r.end else { throw .corrupt("\(r.end - r.offset) unexpected bytes after the weights") }
        if let spec {
            guard let stored = header.encoder?.spec else {
                throw .featureSpecMismatch("the file has no feature specification, expected \(describe(spec))")
            }
            guard stored == spec else {
                throw .featureSpecMismatch("file has \(describe(stored)), expected \(describe(spec))")
            }
        }
        if let e = header.encoder, e.denseSlots != config.denseSlots || e.spec.hashBits != config.hashBits {
            throw .corrupt("the feature encoder does not fit the learner's feature space")
        }
        var file = ModelFile(anyLearnerConfiguration: config, core: core)
        file.encoder = header.encoder
        file.metadata = header.metadata
        _ = try file.makeLearner()
        return file
    }

    init(anyLearnerConfiguration configuration: LearnerConfiguration, core: LinearCore) {
        self.configuration = configuration
        self.core = core
        self.encoder = nil
        self.metadata = [:]
    }

    static func describe(_ spec: FeatureSpec) -> String {
        var parts: [String] = []
        parts.append("numeric [\(spec.numeric.map(\.name).joined(separator: ", "))]")
        parts.append("categorical [\(spec.categorical.map(\.name).joined(separator: ", "))]")
        if !spec.crosses.isEmpty { parts.append("crosses [\(spec.crosses.map { "\($0.left):\($0.right)" }.joined(separator: ", "))]") }
        parts.append("\(spec.hashBits) bits, seed \(spec.seed)")
        return parts.joined(separator: ", ")
    }

    static func append<T: FixedWidthInteger>(_ v: T, to out: inout [UInt8]) {
        withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) }
    }
}

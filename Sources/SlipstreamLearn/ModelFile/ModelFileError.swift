/// Why a model file could not be read. Every case says what was found and what to do, and none of them yields a
/// model: a file that is not exactly what was written is rejected.
public enum ModelFileError: Error, Equatable, CustomStringConvertible {
    /// The file does not start with the model-file magic bytes.
    case notAModelFile
    /// The file was written in a format version this build cannot read.
    case unsupportedVersion(found: UInt32, supported: UInt32)
    /// The checksum does not match: the file is damaged or was modified.
    case checksumMismatch(stored: UInt32, computed: UInt32)
    /// The file ends early.
    case truncated(String)
    /// The feature specification in the file differs from the one the caller uses.
    case featureSpecMismatch(String)
    /// The content is inconsistent.
    case corrupt(String)
    /// Reading or writing failed.
    case io(String)

    public var description: String {
        switch self {
        case .notAModelFile:
            return "not a Slipstream model file (wrong magic bytes)"
        case .unsupportedVersion(let found, let supported):
            return "model file format version \(found) is not supported (this build reads version \(supported)); "
                + "use the Slipstream version that wrote it, or retrain"
        case .checksumMismatch(let stored, let computed):
            return "model file checksum mismatch (stored \(hex(stored)), computed \(hex(computed))): the file is "
                + "damaged or was modified; restore it from a good copy"
        case .truncated(let m): return "model file is truncated: \(m)"
        case .featureSpecMismatch(let m):
            return "model file was trained with a different feature specification: \(m)"
        case .corrupt(let m): return "model file is corrupt: \(m)"
        case .io(let m): return "model file I/O error: \(m)"
        }
    }

    private func hex(_ v: UInt32) -> String { "0x" + String(v, radix: 16) }
}

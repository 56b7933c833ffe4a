import Foundation

/// The manifest's stored form: one header line carrying the format version, the CRC-32C and length of the body,
/// then the manifest as JSON (readable with any tool, checked before it is trusted).
///
/// ```
/// slipstream-snapshot-manifest 1 crc32c=5f0e1a2b length=812
/// {"createdAtMilliseconds":…,"id":7,…}
/// ```
extension SnapshotManifest {
    static let magic = "slipstream-snapshot-manifest"

    /// The manifest in its stored form.
    public func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding plain structs of strings and integers cannot fail.
        let body = [UInt8]((try? encoder.encode(self)) ?? Data())
        let header = "\(Self.magic) \(formatVersion) crc32c=\(Self.hex(CRC32C.checksum(body))) length=\(body.count)\n"
        return Array(header.utf8) + body
    }

    /// Reads a manifest in its stored form, checking its header, length, checksum and format version.
    ///
    /// - Throws: ``SnapshotStoreError/Code/damaged`` for anything malformed, truncated or failing its checksum,
    ///   ``SnapshotStoreError/Code/unsupportedFormat`` for a format version this build does not know.
    public static func decode(_ bytes: [UInt8], snapshotID: Int64? = nil) throws(SnapshotStoreError) -> SnapshotManifest {
        func damaged(_ why: String) -> SnapshotStoreError {
            SnapshotStoreError(.damaged, "manifest is damaged: \(why)", snapshotID: snapshotID)
        }
        guard let newline = bytes.firstIndex(of: UInt8(ascii: "\n")), newline <= 200 else {
            throw damaged("no header line")
        }
        let fields = String(decoding: bytes[..<newline], as: UTF8.self).split(separator: " ")
        guard fields.count == 4, fields[0] == magic, let version = Int(fields[1]),
            fields[2].hasPrefix("crc32c="), let checksum = UInt32(fields[2].dropFirst(7), radix: 16),
            fields[3].hasPrefix("length="), let length = Int(fields[3].dropFirst(7))
        else {
            throw damaged("malformed header line")
        }
        guard version == currentFormatVersion else {
            throw SnapshotStoreError(
                .unsupportedFormat,
                "manifest format version \(version) is not supported (this build reads version \(currentFormatVersion))",
                snapshotID: snapshotID)
        }
        let body = Array(bytes[(newline + 1)...])
        guard body.count == length else {
            throw damaged("body is \(body.count) bytes, header says \(length) (truncated?)")
        }
        let actual = CRC32C.checksum(body)
        guard actual == checksum else {
            throw damaged("checksum mismatch (stored \(hex(checksum)), computed \(hex(actual)))")
        }
        let manifest: SnapshotManifest
        do {
            manifest = try JSONDecoder().decode(SnapshotManifest.self, from: Data(body))
        } catch {
            throw damaged("unreadable JSON (\(error))")
        }
        guard manifest.formatVersion == version else { throw damaged("format version differs from its header") }
        if let snapshotID, manifest.id != snapshotID {
            throw damaged("it describes snapshot \(manifest.id)")
        }
        return manifest
    }

    static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}

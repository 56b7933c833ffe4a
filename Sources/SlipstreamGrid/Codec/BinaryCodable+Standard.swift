// Hand-written encodings for the standard types most often used as keys and values.

extension Bool: BinaryCodable {
    @inlinable public func encode(to writer: inout BinaryWriter) { writer.write(self ? 1 as UInt8 : 0) }
    @inlinable public init(from reader: inout BinaryReader) throws(GridCodecError) {
        switch try reader.read(UInt8.self) {
        case 0: self = false
        case 1: self = true
        case let other: throw .invalid("\(other) is not a Bool")
        }
    }
}

extension Int: BinaryCodable {
    @inlinable public func encode(to writer: inout BinaryWriter) { writer.write(Int64(self)) }
    @inlinable public init(from reader: inout BinaryReader) throws(GridCodecError) {
        let v = try reader.read(Int64.self)
        guard let i = Int(exactly: v) else { throw .invalid("\(v) does not fit in Int") }
        self = i
    }
}

extension Int64: BinaryCodable {
    @inlinable public func encode(to writer: inout BinaryWriter) { writer.write(self) }
    @inlinable public init(from reader: inout BinaryReader) throws(GridCodecError) { self = try reader.read(Int64.self) }
}

extension Int32: BinaryCodable {
    @inlinable public func encode(to writer: inout BinaryWriter) { writer.write(self) }
    @inlinable public init(from reader: inout BinaryReader) throws(GridCodecError) { self = try reader.read(Int32.self) }
}

extension UInt64: BinaryCodable {
    @inlinable public func encode(to writer: inout BinaryWriter) { writer.write(self) }
    @inlinable public init(from reader: inout BinaryReader) throws(GridCodecError) { self = try reader.read(UInt64.self) }
}

extension UInt32: BinaryCodable {
    @inlinable public func encode(to writer: inout BinaryWriter) { writer.write(self) }
    @inlinable public init(from reader: inout BinaryReader) throws(GridCodecError) { self = try reader.read(UInt32.self) }
}

extension UInt8: BinaryCodable {
    @inlinable public func encode(to writer: inout BinaryWriter) { writer.write(self) }
    @inlinable public init(from reader: inout BinaryReader) throws(GridCodecError) { self = try reader.read(UInt8.self) }
}

extension Double: BinaryCodable {
    @inlinable public func encode(to writer: inout BinaryWriter) { writer.write(self) }
    @inlinable public init(from reader: inout BinaryReader) throws(GridCodecError) { self = try reader.read(Double.self) }
}

extension Float: BinaryCodable {
    @inlinable public func encode(to writer: inout BinaryWriter) { writer.write(self) }
    @inlinable public init(from reader: inout BinaryReader) throws(GridCodecError) { self = try reader.read(Float.self) }
}

extension String: BinaryCodable {
    public func encode(to writer: inout BinaryWriter) {
        var copy = self
        copy.withUTF8 { writer.writeBlock($0) }
    }

    public init(from reader: inout BinaryReader) throws(GridCodecError) {
        let block = try reader.readBlock()
        guard let s = String(validating: block, as: UTF8.self) else {
            throw .invalid("a string is not valid UTF-8")
        }
        self = s
    }
}

extension Optional: BinaryCodable where Wrapped: BinaryCodable {
    @inlinable public func encode(to writer: inout BinaryWriter) throws(GridCodecError) {
        switch self {
        case .none: writer.write(0 as UInt8)
        case let .some(w): writer.write(1 as UInt8); try w.encode(to: &writer)
        }
    }

    @inlinable public init(from reader: inout BinaryReader) throws(GridCodecError) {
        switch try reader.read(UInt8.self) {
        case 0: self = .none
        case 1: self = .some(try Wrapped(from: &reader))
        case let other: throw .invalid("\(other) is not an Optional tag")
        }
    }
}

extension Array: BinaryCodable where Element: BinaryCodable {
    @inlinable public func encode(to writer: inout BinaryWriter) throws(GridCodecError) {
        writer.writeLength(count)
        for element in self { try element.encode(to: &writer) }
    }

    @inlinable public init(from reader: inout BinaryReader) throws(GridCodecError) {
        let n = try reader.readLength(minimumBytesEach: 1)
        var result: [Element] = []
        result.reserveCapacity(n)
        for _ in 0..<n { result.append(try Element(from: &reader)) }
        self = result
    }
}

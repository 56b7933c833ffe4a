import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns Nagle's algorithm off on the mock brokers' sockets, as a real broker does.
///
/// librdkafka 2.0.2's mock leaves Nagle on for its listeners and connections, so when a client has two requests
/// in flight to one mock broker the second response waits for the client's delayed ACK: ~40 ms stalls (a flush
/// of a few messages spread over partitions takes 44 ms instead of 0.05 ms). The mock exposes no socket hook, so
/// this rescans the process's descriptors every 10 ms and sets TCP_NODELAY on every TCP socket whose local port
/// is one of the brokers' (listeners and accepted connections; the clients' own sockets are left alone).
final class MockSocketNoDelay: @unchecked Sendable {
    private let ports: Set<UInt16>
    private let queue = DispatchQueue(label: "slipstream.kafka.embedded.nodelay")
    private let timer: any DispatchSourceTimer
    /// Descriptors already fixed, with their peer port, so a reused descriptor number is fixed again.
    private var fixed: [Int32: UInt16] = [:]

    init(bootstrapServers: String) {
        ports = Set(bootstrapServers.split(separator: ",").compactMap { $0.split(separator: ":").last.flatMap { UInt16($0) } })
        timer = DispatchSource.makeTimerSource(queue: queue)
    }

    func start() {
        timer.schedule(deadline: .now(), repeating: .milliseconds(10), leeway: .milliseconds(2))
        timer.setEventHandler { [weak self] in self?.scan() }
        timer.resume()
    }

    /// Stops the rescans; returns once no scan is running.
    func stop() {
        timer.cancel()
        queue.sync {}
    }

    private func scan() {
        #if os(Linux)
        guard !ports.isEmpty, let directory = opendir("/proc/self/fd") else { return }
        defer { closedir(directory) }
        var seen: [Int32: UInt16] = [:]
        while let entry = readdir(directory) {
            let fd = withUnsafeBytes(of: entry.pointee.d_name) { raw -> Int32? in
                Int32(String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self))
            }
            guard let fd, fd > 2 else { continue }
            guard let (local, peer) = Self.ports(of: fd), ports.contains(local) else { continue }
            seen[fd] = peer
            if fixed[fd] == peer { continue }
            var one: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        }
        fixed = seen
        #endif
    }

    /// The broker-side sockets of this process and whether each has TCP_NODELAY set (for tests).
    func brokerSockets() -> [(descriptor: Int32, noDelay: Bool)] {
        var result: [(descriptor: Int32, noDelay: Bool)] = []
        #if os(Linux)
        guard let directory = opendir("/proc/self/fd") else { return [] }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let fd = withUnsafeBytes(of: entry.pointee.d_name) { raw -> Int32? in
                Int32(String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self))
            }
            guard let fd, fd > 2, let (local, _) = Self.ports(of: fd), ports.contains(local) else { continue }
            var value: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            guard getsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &value, &length) == 0 else { continue }
            result.append((fd, value != 0))
        }
        #endif
        return result
    }

    /// The local and peer TCP ports of a socket descriptor (peer 0 for a listener), nil for anything else.
    private static func ports(of fd: Int32) -> (UInt16, UInt16)? {
        var address = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let local = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard local == 0, let localPort = port(of: address) else { return nil }
        var peerAddress = sockaddr_storage()
        length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let peer = withUnsafeMutablePointer(to: &peerAddress) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(fd, $0, &length) }
        }
        return (localPort, peer == 0 ? port(of: peerAddress) ?? 0 : 0)
    }

    private static func port(of address: sockaddr_storage) -> UInt16? {
        var address = address
        switch Int32(address.ss_family) {
        case AF_INET:
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) }
            }
        case AF_INET6:
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin6_port) }
            }
        default:
            return nil
        }
    }
}

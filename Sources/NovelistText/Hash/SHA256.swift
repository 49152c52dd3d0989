import Foundation

/// SHA-256 (FIPS 180-4), used to name stored file versions and to notice edits made outside novelist.
/// Small and dependency-free: Foundation on Linux has no CryptoKit, and swift-crypto is a heavy build.
package struct SHA256: Sendable {
    private var h: [UInt32] = [
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19
    ]
    private var buffer: [UInt8] = []
    private var length: UInt64 = 0

    private static let k: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2
    ]

    package init() {}

    /// Below this many bytes the Swift rounds are used: OpenSSL's `SHA256()` fetches its digest anew each call,
    /// and its first call sets up libcrypto's providers (3.2 M instructions, most of the appearance index's check
    /// of the bible's names at every `/context`), more than the rounds take for 16 KB.
    static let openSSLFrom = 16 * 1024

    package static func hex(_ text: String) -> String {
        if text.utf8.count >= openSSLFrom, let digest = openSSLHex(text) { return digest }
        return portableHex(text)
    }

    /// The digest by OpenSSL's one-shot `SHA256()`; nil when libcrypto is not in the process.
    static func openSSLHex(_ text: String) -> String? {
        guard let openSSL = openSSLSHA256 else { return nil }
        var digest = [UInt8](repeating: 0, count: 32)
        var text = text
        text.withUTF8 { bytes in _ = openSSL(bytes.baseAddress, bytes.count, &digest) }
        return hexDigits(digest)
    }

    /// The same digest by the Swift rounds below, whatever the process has loaded.
    package static func portableHex(_ text: String) -> String {
        var s = SHA256()
        s.update(Array(text.utf8))
        return s.finalizeHex()
    }

    /// OpenSSL's one-shot `SHA256()` when libcrypto is in the process (libcurl brings it): with the CPU's SHA
    /// instructions it hashes a 300-chapter story in milliseconds, where the Swift rounds take about 70
    /// instructions a byte (issue 19: half of a first open). Looked up, not linked: this target stays free of C
    /// libraries, and without libcrypto the Swift rounds give the same digest (tested).
    typealias OneShot = @convention(c) (UnsafePointer<UInt8>?, Int, UnsafeMutablePointer<UInt8>?) -> UnsafeMutablePointer<UInt8>?
    static let openSSLSHA256: OneShot? = {
        guard let symbol = dlsym(nil, "SHA256") else { return nil }
        return unsafeBitCast(symbol, to: OneShot.self)
    }()

    private static func hexDigits(_ bytes: [UInt8]) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    package mutating func update(_ bytes: [UInt8]) {
        length &+= UInt64(bytes.count)
        var i = 0
        if !buffer.isEmpty {
            let need = 64 - buffer.count
            let take = min(need, bytes.count)
            buffer += bytes[0..<take]
            i = take
            if buffer.count == 64 {
                process(buffer[...])
                buffer.removeAll(keepingCapacity: true)
            }
        }
        while i + 64 <= bytes.count {
            process(bytes[i..<(i + 64)])
            i += 64
        }
        if i < bytes.count { buffer += bytes[i...] }
    }

    package mutating func finalizeHex() -> String {
        let bitLength = length &* 8
        var pad: [UInt8] = [0x80]
        let rem = (buffer.count + 1) % 64
        pad += [UInt8](repeating: 0, count: rem <= 56 ? 56 - rem : 120 - rem)
        for s in stride(from: 56, through: 0, by: -8) { pad.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(s))) }
        let saved = length
        update(pad)
        length = saved
        let digits = Array("0123456789abcdef")
        var out = ""
        out.reserveCapacity(64)
        for word in h {
            for shift in stride(from: 28, through: 0, by: -4) { out.append(digits[Int((word >> UInt32(shift)) & 0xF)]) }
        }
        return out
    }

    private mutating func process(_ chunk: ArraySlice<UInt8>) {
        // The message schedule lives on the stack and is read without bounds checks: this runs once per
        // 64 bytes of every file novelist hashes.
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            chunk.withUnsafeBufferPointer { bytes in
                for t in 0..<16 {
                    let j = t * 4
                    w[t] = UInt32(bytes[j]) << 24 | UInt32(bytes[j + 1]) << 16 | UInt32(bytes[j + 2]) << 8 | UInt32(bytes[j + 3])
                }
            }
            for t in 16..<64 {
                let s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] &>> 3)
                let s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] &>> 10)
                w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
            }
            var a = h[0]
            var b = h[1]
            var c = h[2]
            var d = h[3]
            var e = h[4]
            var f = h[5]
            var g = h[6]
            var hh = h[7]
            Self.k.withUnsafeBufferPointer { k in
                for t in 0..<64 {
                    let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
                    let ch = (e & f) ^ (~e & g)
                    let t1 = hh &+ s1 &+ ch &+ k[t] &+ w[t]
                    let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
                    let maj = (a & b) ^ (a & c) ^ (b & c)
                    let t2 = s0 &+ maj
                    hh = g
                    g = f
                    f = e
                    e = d &+ t1
                    d = c
                    c = b
                    b = a
                    a = t1 &+ t2
                }
            }
            h[0] &+= a
            h[1] &+= b
            h[2] &+= c
            h[3] &+= d
            h[4] &+= e
            h[5] &+= f
            h[6] &+= g
            h[7] &+= hh
        }
    }

    /// Masking shifts: one rotate instruction, not Swift's checked "smart" shifts (half the hashing time went there).
    @inline(__always) private func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x &>> n) | (x &<< (32 &- n)) }
}

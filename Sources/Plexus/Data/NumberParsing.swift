/// Parsing decimal numbers straight from UTF-8 bytes, without making a `String` per value.
enum NumberParsing {
    private static let floatPowers: [Float] = (0...10).map { k in (0..<k).reduce(Float(1)) { value, _ in value * 10 } }
    private static let doublePowers: [Double] = (0...22).map { k in (0..<k).reduce(Double(1)) { value, _ in value * 10 } }

    /// The number written in `bytes[start..<end]`, spaces and tabs around it allowed, or nil
    /// when it is not a plain decimal number (`12`, `-0.5`, `+3.`, `.25`, `1e-3`, `6.02E+23`).
    ///
    /// Words such as `nan` or `inf` and hexadecimal are not numbers here. The result is the
    /// nearest `Float` whenever the digits fit a fast exact path (almost always in data files:
    /// up to 7 significant digits and exponents to ±10 use one exact float division; up to 15
    /// digits and ±22 go through `Double`); longer forms fall back to the standard library.
    static func parseFloat(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Float? {
        var i = start, stop = end
        while i < stop, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
        while stop > i, bytes[stop - 1] == 0x20 || bytes[stop - 1] == 0x09 || bytes[stop - 1] == 0x0D { stop -= 1 }
        guard i < stop else { return nil }
        let first = i
        var negative = false
        if bytes[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        } else if bytes[i] == UInt8(ascii: "+") {
            i += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        var sawDigit = false
        var inexact = false
        while i < stop, case let d = bytes[i] &- 0x30, d < 10 {
            sawDigit = true
            if mantissa == 0 && d == 0 {
                // a leading zero
            } else if digits < 19 {
                mantissa = mantissa * 10 + UInt64(d)
                digits += 1
            } else {
                exponent += 1
                if d != 0 { inexact = true }
            }
            i += 1
        }
        if i < stop, bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < stop, case let d = bytes[i] &- 0x30, d < 10 {
                sawDigit = true
                if mantissa == 0 && d == 0 {
                    exponent -= 1
                } else if digits < 19 {
                    mantissa = mantissa * 10 + UInt64(d)
                    digits += 1
                    exponent -= 1
                } else if d != 0 {
                    inexact = true
                }
                i += 1
            }
        }
        guard sawDigit else { return nil }
        if i < stop, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            var exponentNegative = false
            if i < stop, bytes[i] == UInt8(ascii: "-") {
                exponentNegative = true
                i += 1
            } else if i < stop, bytes[i] == UInt8(ascii: "+") {
                i += 1
            }
            var written = 0
            var sawExponentDigit = false
            while i < stop, case let d = bytes[i] &- 0x30, d < 10 {
                sawExponentDigit = true
                if written < 100_000 { written = written * 10 + Int(d) }
                i += 1
            }
            guard sawExponentDigit else { return nil }
            exponent += exponentNegative ? -written : written
        }
        guard i == stop else { return nil }
        if mantissa == 0 { return negative ? -0.0 : 0 }
        if !inexact {
            while mantissa % 10 == 0 {
                mantissa /= 10
                exponent += 1
            }
            if mantissa <= 1 << 24, exponent >= -10, exponent <= 10 {
                let value = exponent >= 0 ? Float(mantissa) * floatPowers[exponent] : Float(mantissa) / floatPowers[-exponent]
                return negative ? -value : value
            }
            if mantissa <= 1 << 53, exponent >= -22, exponent <= 22 {
                let value = exponent >= 0 ? Double(mantissa) * doublePowers[exponent] : Double(mantissa) / doublePowers[-exponent]
                return Float(negative ? -value : value)
            }
        }
        return Float(String(decoding: UnsafeBufferPointer(rebasing: bytes[first..<stop]), as: UTF8.self))
    }
}

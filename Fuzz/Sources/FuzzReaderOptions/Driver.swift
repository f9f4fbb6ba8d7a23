import CFuzzerDriver

// SwiftPM links an executable with `main` defined as `FuzzReaderOptions_main`, so libFuzzer's own
// `main` is never linked: this entry point hands the command line to libFuzzer's driver.
@_cdecl("FuzzReaderOptions_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in
        fuzz(data ?? UnsafePointer(emptyInput), size)
    }
}

/// What an empty input points at, should libFuzzer pass none.
nonisolated(unsafe) let emptyInput = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)

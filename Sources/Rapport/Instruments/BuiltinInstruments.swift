/// The built-in library's source text, compiled into the binary so `rapport` needs no side
/// files. The data lives in `BuiltinInstruments+Generated.swift`, written by
/// `scripts/embed-instruments.sh` from `Instruments/`.
enum BuiltinInstruments {}

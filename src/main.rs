//! The `prognos` binary: a thin front door over the library.
fn main() -> std::process::ExitCode {
    prognos::cli::main()
}

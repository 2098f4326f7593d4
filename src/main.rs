fn main() -> std::process::ExitCode {
    flowtriage::cli::main()
}

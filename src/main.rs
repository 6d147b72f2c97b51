//! The stancekit binary: parses the command line and hands over to the
//! library. Exit codes: 0 success, 1 a requested gate failed, 2 error.

mod cli;

use std::process::ExitCode;

use clap::Parser;
use cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match &cli.command {
        Command::Train(args) => cli::train::run(args).map(|()| true),
        Command::Predict(args) => cli::predict::run(args).map(|()| true),
        Command::Eval(args) => cli::eval::run(args),
    };
    match outcome {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(err) if err.is_broken_pipe() => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("stancekit: {err}");
            ExitCode::from(2)
        }
    }
}

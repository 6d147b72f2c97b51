//! The stancekit binary: parses the command line and hands over to the
//! library. Exit codes: 0 success, 1 a requested gate failed, 2 error.

mod cli;

use std::process::ExitCode;

use clap::Parser;
use cli::{Cli, Command, Status};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match &cli.command {
        Command::Train(args) => cli::train::run(args).map(|()| Status::Success),
        Command::Predict(args) => cli::predict::run(args).map(|()| Status::Success),
        Command::Eval(args) => cli::eval::run(args),
        Command::Label(args) => cli::label::run(args),
        Command::Split(args) => cli::label::run_split(args),
        Command::Explain(args) => cli::explain::run(args).map(|()| Status::Success),
        Command::Inspect(args) => cli::inspect::run(args).map(|()| Status::Success),
        Command::Suggest(args) => cli::suggest::run(args).map(|()| Status::Success),
        Command::Bench(args) => cli::bench::run(args),
    };
    match outcome {
        Ok(Status::Success) => ExitCode::SUCCESS,
        Ok(Status::GateFailed) => ExitCode::from(1),
        Ok(Status::PartialFailure) => ExitCode::from(2),
        Err(err) if err.is_broken_pipe() => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("stancekit: {err}");
            ExitCode::from(2)
        }
    }
}

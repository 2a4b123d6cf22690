//! `factlog completions SHELL` and `factlog man [COMMAND]`: the shell completion script
//! (clap_complete) and the manual pages (clap_mangen, roff for `man -l`), both generated from
//! the one clap definition of the command line, so they never fall behind it.

use super::args::{Cli, CompletionsArgs, ManArgs};
use super::{Outcome, stdout_write};
use crate::error::Error;
use clap::CommandFactory;

/// Runs `completions`.
pub fn completions(args: &CompletionsArgs) -> Result<Outcome, Error> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "factlog", &mut out);
    stdout_write(|w| w.write_all(&out))?;
    Ok(Outcome::Success)
}

/// Runs `man`: the main page, or the page of one command (`factlog-query(1)`).
pub fn man(args: &ManArgs) -> Result<Outcome, Error> {
    let cmd = Cli::command();
    let page = match &args.command {
        None => cmd,
        Some(name) => {
            let names: Vec<String> = cmd
                .get_subcommands()
                .map(|c| c.get_name().to_string())
                .collect();
            let Some(sub) = cmd.find_subcommand(name).cloned() else {
                return Err(Error::Usage(format!(
                    "no command `{name}`: expected one of {}",
                    names.join(", ")
                )));
            };
            // The page is named factlog-COMMAND, as cargo's and git's are.
            sub.name(format!("factlog-{name}"))
                .bin_name(format!("factlog {name}"))
                .version(env!("CARGO_PKG_VERSION"))
        }
    };
    let mut out = Vec::new();
    clap_mangen::Man::new(page)
        .render(&mut out)
        .map_err(|e| Error::io("<memory>", e))?;
    stdout_write(|w| w.write_all(&out))?;
    Ok(Outcome::Success)
}

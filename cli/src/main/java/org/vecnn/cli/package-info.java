/**
 * The {@code vecnn} command line: {@link org.vecnn.cli.Main} is the entry point of {@code cli/target/vecnn.jar},
 * {@link org.vecnn.cli.VecnnCommand} the top command that lists the subcommands.
 */
package org.vecnn.cli;

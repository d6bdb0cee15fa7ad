package org.vecnn.cli;

/**
 * A subcommand of {@code vecnn} that lives in another jar and joins the command line when that jar is on the
 * class path: a picocli {@code @Command} class with a public no-argument constructor, listed in
 * {@code META-INF/services/org.vecnn.cli.VecnnSubcommand}. It may declare {@code @ParentCommand VecnnCommand top}
 * to reach the registry of backends. {@code vecnn bench}, from the vecnn-bench jar, is one.
 */
public interface VecnnSubcommand {
}

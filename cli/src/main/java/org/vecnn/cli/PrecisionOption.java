package org.vecnn.cli;

import java.util.Locale;
import org.vecnn.Precision;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** The {@code --precision} option's values, shared by the commands that take one. */
final class PrecisionOption {
    private PrecisionOption() {
    }

    /**
     * @param commandLine the command whose option this is, for the usage error
     * @param text float32, f32, float64 or f64, in any case
     * @return the precision named
     * @throws ParameterException for anything else (exit code 2)
     */
    static Precision parse(CommandLine commandLine, String text) {
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "float32":
            case "f32":
                return Precision.FLOAT32;
            case "float64":
            case "f64":
                return Precision.FLOAT64;
            default:
                throw new ParameterException(commandLine, "--precision must be float32 or float64, got '" + text
                        + "'");
        }
    }
}

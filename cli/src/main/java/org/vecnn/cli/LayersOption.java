package org.vecnn.cli;

import java.util.ArrayList;
import java.util.List;
import org.vecnn.Activation;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** The {@code --layers} option of {@code vecnn train}: {@code units:activation} per layer, comma-separated. */
final class LayersOption {
    /** The most units a layer may have: far above any dense layer that fits in memory. */
    static final int MAX_UNITS = 1 << 20;

    /** One layer: its units and activation. */
    record Layer(int units, Activation activation) {
    }

    private LayersOption() {
    }

    /**
     * @param commandLine the command whose option this is, for the usage error
     * @param text e.g. {@code 32:relu,10:softmax}
     * @return the layers in order
     * @throws ParameterException for an empty list, a missing or non-positive unit count, or an unknown
     *     activation (exit code 2)
     */
    static List<Layer> parse(CommandLine commandLine, String text) {
        List<Layer> layers = new ArrayList<>();
        String[] parts = text.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].trim();
            int colon = part.indexOf(':');
            if (part.isEmpty() || colon < 0) {
                throw new ParameterException(commandLine, "--layers: layer " + (i + 1) + " is '" + part
                        + "'; give units:activation per layer, e.g. --layers 32:relu,10:softmax");
            }
            String units = part.substring(0, colon).trim();
            int n;
            try {
                n = Integer.parseInt(units);
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > MAX_UNITS) {
                throw new ParameterException(commandLine, "--layers: layer " + (i + 1) + " has units '" + units
                        + "'; expected a whole number from 1 to " + MAX_UNITS);
            }
            String name = part.substring(colon + 1).trim();
            try {
                layers.add(new Layer(n, Activation.byName(name)));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(commandLine, "--layers: layer " + (i + 1) + ": " + e.getMessage());
            }
        }
        return layers;
    }
}

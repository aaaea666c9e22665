package io.jgrad.examples.mnist;

import io.jgrad.nn.Flatten;
import io.jgrad.nn.Linear;
import io.jgrad.nn.Module;
import io.jgrad.nn.ReLU;
import io.jgrad.nn.Sequential;
import io.jgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which model to build: the {@code mlp} (784-hidden...-10 with ReLU) or the {@code cnn}. Saved
 * in a checkpoint's metadata so that {@code evaluate} and {@code predict} rebuild the same
 * network and refuse a file made for another one.
 *
 * @param kind {@code mlp} or {@code cnn}
 * @param hidden the MLP's hidden sizes (empty for the CNN)
 */
public record Architecture(String kind, List<Integer> hidden) {
    /** The kinds {@code --model} accepts. */
    public static final List<String> KINDS = List.of("mlp", "cnn");

    /**
     * @throws IllegalArgumentException for an unknown kind or a non-positive hidden size
     */
    public Architecture {
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("unknown model '" + kind + "', expected one of " + KINDS);
        }
        for (int h : hidden) {
            if (h <= 0) {
                throw new IllegalArgumentException("hidden sizes must be positive, got " + hidden);
            }
        }
        hidden = List.copyOf(hidden);
    }

    /** Whether the model takes images as {@code [N, 1, 28, 28]} rather than {@code [N, 784]}. */
    public boolean convolutional() {
        return kind.equals("cnn");
    }

    /** Builds the network, initialised from the current default generator. */
    public Module build() {
        if (convolutional()) {
            return Cnn.build();
        }
        List<Module> layers = new ArrayList<>();
        int width = 28 * 28;
        layers.add(new Flatten());
        for (int h : hidden) {
            layers.add(new Linear(width, h));
            // In place: the linear layer's output has no other reader (see Cnn).
            layers.add(new ReLU(true));
            width = h;
        }
        layers.add(new Linear(width, 10));
        return new Sequential(layers.toArray(Module[]::new));
    }

    /** The metadata entries that describe this architecture. */
    public Map<String, String> toMetadata() {
        return Map.of("model", kind, "hidden", hidden.stream().map(String::valueOf).collect(Collectors.joining(",")));
    }

    /**
     * Reads an architecture back from checkpoint metadata.
     *
     * @throws IllegalArgumentException if the metadata does not describe one
     */
    public static Architecture fromMetadata(Map<String, String> metadata) {
        String kind = metadata.get("model");
        String hidden = metadata.getOrDefault("hidden", "");
        if (kind == null) {
            throw new IllegalArgumentException("the file does not say which model it holds (no 'model' metadata)");
        }
        try {
            List<Integer> sizes = hidden.isEmpty() ? List.of()
                    : Arrays.stream(hidden.split(",")).map(Integer::valueOf).toList();
            return new Architecture(kind, sizes);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad hidden sizes '" + hidden + "' in the file's metadata");
        }
    }

    /**
     * The architecture whose state dict this is, for a file saved without this program's
     * metadata (by PyTorch, say): the cnn if layer 0 is a convolution, else the mlp whose
     * hidden sizes are the widths of its linear layers 1, 3, 5, ... but the last; empty if the
     * names are neither model's. (The shapes are checked when the weights are loaded.)
     */
    public static Optional<Architecture> inferredFrom(Map<String, Tensor> stateDict) {
        Tensor first = stateDict.get("0.weight");
        if (first != null && first.rank() == 4) {
            return Optional.of(new Architecture("cnn", List.of()));
        }
        List<Integer> widths = new ArrayList<>();
        for (int layer = 1; stateDict.get(layer + ".weight") instanceof Tensor w && w.rank() == 2; layer += 2) {
            widths.add(w.size(0));
        }
        return widths.isEmpty() ? Optional.empty()
                : Optional.of(new Architecture("mlp", widths.subList(0, widths.size() - 1)));
    }

    @Override
    public String toString() {
        return convolutional() ? "cnn" : "mlp " + hidden;
    }
}

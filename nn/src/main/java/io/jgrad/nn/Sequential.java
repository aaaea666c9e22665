package io.jgrad.nn;

import io.jgrad.autograd.Variable;
import java.util.List;

/** Modules applied one after another, named {@code 0, 1, 2, ...} as in PyTorch. */
public final class Sequential extends Module {
    private final List<Module> layers;

    /**
     * @throws IllegalArgumentException if no module is given or one is null
     */
    public Sequential(Module... layers) {
        if (layers.length == 0) {
            throw new IllegalArgumentException("Sequential needs at least one module");
        }
        for (int i = 0; i < layers.length; i++) {
            registerModule(String.valueOf(i), layers[i]);
        }
        this.layers = List.of(layers);
    }

    /**
     * The layer at {@code index}.
     *
     * @throws IndexOutOfBoundsException if there is no such layer
     */
    public Module get(int index) {
        if (index < 0 || index >= layers.size()) {
            throw new IndexOutOfBoundsException("layer " + index + " of a Sequential of " + layers.size() + " layers");
        }
        return layers.get(index);
    }

    /** The number of layers. */
    public int size() {
        return layers.size();
    }

    @Override
    public Variable forward(Variable input) {
        Variable x = input;
        for (Module layer : layers) {
            x = layer.forward(x);
        }
        return x;
    }
}

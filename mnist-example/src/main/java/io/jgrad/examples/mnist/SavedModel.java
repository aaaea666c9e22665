package io.jgrad.examples.mnist;

import io.jgrad.nn.Module;
import io.jgrad.nn.io.SafeTensors;
import io.jgrad.nn.io.SafeTensorsContent;
import java.io.IOException;
import java.nio.file.Path;

/** Loads a model saved by {@code train}, rebuilding the architecture its metadata names. */
final class SavedModel {
    private SavedModel() {
    }

    /**
     * @throws IOException if the file is missing, not safetensors, or holds weights that do not
     *     fit the architecture it names
     */
    static Module load(Path file) throws IOException {
        InputFile.requireRegular(file, "model file");
        SafeTensorsContent content = SafeTensors.loadWithMetadata(file);
        try {
            Module model = Architecture.fromMetadata(content.metadata()).build();
            model.loadStateDict(content.tensors());
            return model.eval();
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is not a model this program can load: " + e.getMessage(), e);
        }
    }
}

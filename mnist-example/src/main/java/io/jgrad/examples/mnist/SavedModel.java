package io.jgrad.examples.mnist;

import io.jgrad.nn.Module;
import io.jgrad.nn.io.SafeTensors;
import io.jgrad.nn.io.SafeTensorsContent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Loads a model saved by {@code train}, rebuilding the architecture its metadata names, or a
 * state dict of either model saved without that metadata (by PyTorch, say).
 */
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
            // A state dict saved by PyTorch has no metadata; its names and shapes tell the architecture.
            Map<String, String> metadata = content.metadata();
            Architecture architecture;
            if (metadata.containsKey("model") && metadata.containsKey("hidden")) {
                architecture = Architecture.fromMetadata(metadata);
            } else {
                architecture = Architecture.inferredFrom(content.tensors());
                if (metadata.containsKey("model") && !metadata.get("model").equals(architecture.kind())) {
                    throw new IllegalArgumentException("its metadata says model=" + metadata.get("model")
                            + ", but its tensors are those of the " + architecture.kind());
                }
            }
            Module model = architecture.build();
            model.loadStateDict(content.tensors());
            return model.eval();
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is not a model this program can load: " + e.getMessage(), e);
        }
    }
}

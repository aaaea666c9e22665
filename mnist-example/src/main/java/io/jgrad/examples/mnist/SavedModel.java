package io.jgrad.examples.mnist;

import io.jgrad.nn.Module;
import io.jgrad.nn.io.SafeTensors;
import io.jgrad.nn.io.SafeTensorsContent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

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
            Optional<Architecture> inferred = Architecture.inferredFrom(content.tensors());
            String said = metadata.get("model");
            if (said != null && inferred.isPresent() && !said.equals(inferred.get().kind())) {
                throw new IllegalArgumentException("its metadata says model=" + said + ", but its tensors are those of"
                        + " the " + inferred.get().kind());
            }
            Architecture architecture;
            if (said != null && metadata.containsKey("hidden")) {
                architecture = Architecture.fromMetadata(metadata);
            } else {
                architecture = inferred.orElseThrow(() -> new IllegalArgumentException("its tensors "
                        + content.tensors().keySet() + " are not the mlp's (1.weight, 1.bias, 3.weight, ...) nor the"
                        + " cnn's (0.weight, 0.bias, ...), and its metadata does not name a model"
                        + (said == null ? "" : " with its hidden sizes")));
            }
            Module model = architecture.build();
            model.loadStateDict(content.tensors());
            return model.eval();
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is not a model this program can load: " + e.getMessage(), e);
        }
    }
}

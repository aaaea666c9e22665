package io.jgrad.nn.io;

import io.jgrad.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a safetensors file holds: named tensors and the string pairs of its
 * {@code __metadata__}. Both maps are unmodifiable and keep the order they were given in (for
 * a loaded file, the order of the header).
 *
 * @param tensors the tensors by name
 * @param metadata the {@code __metadata__} entries; empty if the file has none
 */
public record SafeTensorsContent(Map<String, Tensor> tensors, Map<String, String> metadata) {

    /**
     * Copies both maps.
     *
     * @throws NullPointerException if a map, or any key or value in them, is null
     */
    public SafeTensorsContent {
        tensors = copy(tensors);
        metadata = copy(metadata);
    }

    private static <V> Map<String, V> copy(Map<String, V> map) {
        Map<String, V> copy = new LinkedHashMap<>(map.size() * 2);
        map.forEach((k, v) -> copy.put(Objects.requireNonNull(k), Objects.requireNonNull(v)));
        return Collections.unmodifiableMap(copy);
    }
}

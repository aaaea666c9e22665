package io.jgrad.tensor;

/**
 * The float array behind one or more tensor views, with a counter of in-place writes.
 * The counter lets autograd detect that a tensor it saved for backward was changed since.
 */
final class Storage {
    final float[] data;
    private int version;

    Storage(float[] data) {
        this.data = data;
    }

    int version() {
        return version;
    }

    void bumpVersion() {
        version++;
    }
}

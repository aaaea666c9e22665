package io.jgrad.autograd;

import io.jgrad.tensor.Tensor;

/**
 * A node of the graph: one differentiable operation applied to some input variables,
 * remembering what its backward needs. Each operation is one subclass holding its forward
 * (a static {@code apply}) and its {@link #backward} side by side.
 *
 * <p>Backward formulas are written with {@link Variable} operations, so when backward runs
 * with {@code createGraph} they record a graph of their own and can be differentiated again.
 */
public abstract class Function {
    private final String name;
    private Variable[] inputs;
    /**
     * Which inputs required a gradient when this node was recorded. As PyTorch's edges, this
     * is fixed then: an input unfrozen later gets no gradient through this node, which would
     * otherwise hand it only the terms of the ops that had already been computing one.
     */
    private final boolean[] recordedRequiresGrad;
    private Variable[] saved;
    private int[] savedVersions;

    /**
     * @param name the operation's name, used in error messages
     * @param inputs the operation's inputs, in the order {@link #backward} returns gradients for
     */
    protected Function(String name, Variable... inputs) {
        for (Variable input : inputs) {
            input.recordConsumer(name);
        }
        this.name = name;
        this.inputs = inputs;
        this.recordedRequiresGrad = new boolean[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            recordedRequiresGrad[i] = inputs[i].requiresGrad();
        }
    }

    /**
     * The gradients of the loss with respect to each input, given the gradient with respect
     * to this operation's output. An entry may be {@code null} when {@link #needsGrad} says
     * that input needs none. Each gradient has its input's shape.
     */
    protected abstract Variable[] backward(Variable gradOutput);

    /** This operation's name, as in error messages ("Mul", "Matmul", ...). */
    public final String name() {
        return name;
    }

    /** Whether recording is on and some input needs a gradient: whether an op builds its node. */
    protected static boolean recording(Variable... inputs) {
        if (!GradMode.isEnabled()) {
            return false;
        }
        for (Variable v : inputs) {
            if (v.requiresGrad()) {
                return true;
            }
        }
        return false;
    }

    /** The output variable of this node, holding {@code value}. */
    protected final Variable output(Tensor value) {
        Variable out = new Variable(value, this);
        if (AnomalyMode.isEnabled()) {
            Anomalies.check(value, name + " forward");
        }
        return out;
    }

    /**
     * The output variable of this node, holding {@code value}, kept for backward as well: for
     * ops whose derivative is cheapest from their own result (exp, sigmoid, softmax, ...).
     */
    protected final Variable savedOutput(Tensor value) {
        Variable out = output(value);
        save(out);
        return out;
    }

    /**
     * Keeps variables for backward, noting their versions so that an in-place change made to
     * one of them before backward is caught instead of silently giving wrong gradients.
     */
    protected final void save(Variable... values) {
        saved = values;
        savedVersions = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            savedVersions[i] = values[i].value().version();
        }
    }

    /**
     * The {@code i}-th saved variable.
     *
     * @throws IllegalStateException if its tensor was modified in place after it was saved
     */
    protected final Variable saved(int i) {
        Variable v = saved[i];
        if (v.value().version() != savedVersions[i]) {
            throw new IllegalStateException("a variable needed to compute " + name + "'s gradient (saved value "
                    + i + ", shape " + v.shape() + ") was modified in place after " + name
                    + " used it: its version is " + v.value().version() + ", expected " + savedVersions[i]
                    + ". Work on a copy, or change it only after backward()");
        }
        return v;
    }

    /**
     * Whether input {@code i} needs a gradient: it required one when this node was recorded and
     * still does (it may have been frozen since); backward may skip the others.
     */
    protected final boolean needsGrad(int i) {
        return recordedRequiresGrad[i] && inputs[i].requiresGrad();
    }

    /** Whether input {@code i} required a gradient when this node was recorded; kept after {@link #release}. */
    final boolean recordedRequiresGrad(int i) {
        return recordedRequiresGrad[i];
    }

    /** The inputs, or {@code null} once the graph was freed by a backward pass. */
    final Variable[] inputs() {
        return inputs;
    }

    /** Drops the references backward needed, so the graph can be collected. */
    final void release() {
        inputs = null;
        saved = null;
    }

    @Override
    public String toString() {
        return name;
    }
}

package io.jgrad.autograd;

import io.jgrad.tensor.Shape;
import io.jgrad.tensor.Tensor;

/**
 * A tensor in a computation graph: its {@link #value()}, whether it {@link #requiresGrad()},
 * the {@link Function} that produced it (none for a leaf), and after {@link #backward()} the
 * accumulated {@link #grad()}.
 *
 * <p>Operations on variables compute their value at once and, when recording is on
 * ({@link GradMode}) and an input requires a gradient, remember how to differentiate it.
 * Their shapes, broadcasting and errors are those of the {@link Tensor} operation of the
 * same name.
 */
public final class Variable {
    private final Tensor value;
    private boolean requiresGrad;
    private final Function gradFn;
    private Variable grad;
    /**
     * The in-place operation that wrote over this variable's value while recording, or null.
     * New operations on it are refused: their gradient would skip that operation's.
     */
    private String overwrittenBy;
    /** The first recorded operation that took this variable as an input, or null. */
    private String firstConsumer;

    Variable(Tensor value, Function gradFn) {
        this.value = value;
        this.requiresGrad = true;
        this.gradFn = gradFn;
    }

    private Variable(Tensor value, boolean requiresGrad) {
        this.value = value;
        this.requiresGrad = requiresGrad;
        this.gradFn = null;
    }

    /**
     * A leaf variable: a parameter or input whose gradient {@link #backward()} accumulates
     * when {@code requiresGrad} is true.
     */
    public static Variable of(Tensor value, boolean requiresGrad) {
        if (value == null) {
            throw new IllegalArgumentException("a variable needs a tensor value, got null");
        }
        return new Variable(value, requiresGrad);
    }

    /** A leaf variable that needs no gradient: a constant of the computation. */
    public static Variable of(Tensor value) {
        return of(value, false);
    }

    /** A constant scalar. */
    public static Variable scalar(float value) {
        return new Variable(Tensor.scalar(value), false);
    }

    /** The value. Changing it in place after an op saved it makes that op's backward fail. */
    public Tensor value() {
        return value;
    }

    /** The value's shape. */
    public Shape shape() {
        return value.shape();
    }

    /** The value of a one-element variable. */
    public float item() {
        return value.item();
    }

    /** Whether gradients flow to this variable. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /**
     * Turns gradients for this leaf on or off, as PyTorch's {@code requires_grad_}: a frozen
     * parameter gets no gradient from graphs recorded while it is frozen, nor from backward
     * passes run while it is. Which inputs get gradients is fixed when a graph is recorded, so
     * unfreezing a leaf between forward and backward gives it none. A gradient it already has
     * is kept, and optimizers step any parameter that has one: clear it after freezing.
     *
     * @throws IllegalStateException if this variable was computed by an operation and
     *     {@code requiresGrad} is false
     */
    public void setRequiresGrad(boolean requiresGrad) {
        // As PyTorch's requires_grad_(True): a computed variable requires grad already.
        if (gradFn != null && !requiresGrad) {
            throw new IllegalStateException("only a leaf's requiresGrad can be set, and this variable was computed by "
                    + gradFn.name() + "; detach() gives a leaf that shares its value");
        }
        this.requiresGrad = requiresGrad;
    }

    /** Whether this variable was made by the user rather than by an operation. */
    public boolean isLeaf() {
        return gradFn == null;
    }

    /** The operation that produced this variable, or {@code null} for a leaf. */
    public Function gradFn() {
        return gradFn;
    }

    /**
     * The gradient accumulated by backward passes, of this variable's shape, or {@code null}
     * if none reached it yet. It has a graph of its own only after a backward with
     * {@code createGraph}.
     */
    public Variable grad() {
        return grad;
    }

    /** Records that {@code operation} wrote over this variable's value (see {@link #overwrittenBy}). */
    void markOverwritten(String operation) {
        overwrittenBy = operation;
    }

    /**
     * Records that {@code operation} takes this variable as an input.
     *
     * @throws IllegalStateException if an in-place operation wrote over this variable's value while recording
     */
    void recordConsumer(String operation) {
        if (overwrittenBy != null) {
            throw new IllegalStateException(operation + " on a variable of shape " + shape() + " whose value "
                    + overwrittenBy + " wrote over: use the variable " + overwrittenBy + " returned instead");
        }
        if (firstConsumer == null) {
            firstConsumer = operation;
        }
    }

    /**
     * @throws IllegalStateException if a recorded operation already took this variable as an
     *     input: it, or a view it made, would see the value {@code operation} writes
     */
    void requireNoConsumer(String operation) {
        if (firstConsumer != null) {
            throw new IllegalStateException(operation + " on a variable of shape " + shape() + " that " + firstConsumer
                    + " already used: its result (or a view it made) would see the new value; write in place only"
                    + " what nothing has read yet");
        }
    }

    /** Forgets the accumulated gradient (it becomes {@code null}, as PyTorch's default). */
    public void zeroGrad() {
        grad = null;
    }

    /** The same value, cut from the graph: a leaf that needs no gradient. */
    public Variable detach() {
        return new Variable(value, false);
    }

    /**
     * Adds a gradient from backward. The first one is kept as given: {@link Backward} hands
     * over a tensor no other leaf and no caller holds, so that in-place changes to one leaf's
     * gradient (clipping) touch only its own.
     */
    void accumulateGrad(Variable g) {
        grad = grad == null ? g : grad.add(g);
    }

    // ---------------------------------------------------------------- backward

    /**
     * Computes the gradient of this scalar with respect to every leaf that requires one and
     * adds it to their {@link #grad()}; then frees the graph.
     *
     * @throws IllegalStateException if this variable is not a scalar, needs no gradient, or
     *     its graph was already freed by an earlier backward
     */
    public void backward() {
        if (value.numel() != 1) {
            throw new IllegalStateException("backward() without a gradient needs a one-element output, got shape "
                    + shape() + "; pass the gradient of the output with backward(gradOutput)");
        }
        backward(Variable.of(Tensor.ones(shape().toArray())), false, false);
    }

    /** {@link #backward(Variable, boolean, boolean)} for any shape, seeded with {@code gradOutput}. */
    public void backward(Tensor gradOutput) {
        backward(Variable.of(gradOutput), false, false);
    }

    /**
     * Computes gradients seeded with {@code gradOutput} (the gradient of some loss with
     * respect to this variable, of its shape) and adds them to every leaf's {@link #grad()}.
     *
     * @param retainGraph keep the graph so that backward can run through it again
     * @param createGraph record the backward computation itself, so the gradients can be
     *     differentiated again (implies keeping the graph)
     * @throws IllegalArgumentException if {@code gradOutput}'s shape is not this variable's
     * @throws IllegalStateException if this variable needs no gradient, the graph was freed,
     *     or a saved value was modified in place
     */
    public void backward(Variable gradOutput, boolean retainGraph, boolean createGraph) {
        if (!gradOutput.shape().equals(shape())) {
            throw new IllegalArgumentException("gradOutput must have the output's shape " + shape() + ", got "
                    + gradOutput.shape());
        }
        if (!requiresGrad) {
            throw new IllegalStateException("backward() on a variable that does not require grad: nothing that led to it"
                    + " required grad (all frozen, or created without requiresGrad = true), or it was computed under"
                    + " GradMode.noGrad()");
        }
        Backward.run(this, gradOutput, retainGraph || createGraph, createGraph);
    }

    // ---------------------------------------------------------------- element-wise

    /** {@code this + other}, broadcast. */
    public Variable add(Variable other) {
        return Add.apply(this, other);
    }

    /** {@code this + value}. */
    public Variable add(float value) {
        return Add.apply(this, scalar(value));
    }

    /** {@code this - other}, broadcast. */
    public Variable sub(Variable other) {
        return Sub.apply(this, other);
    }

    /** {@code this - value}. */
    public Variable sub(float value) {
        return Add.apply(this, scalar(-value));
    }

    /** {@code this * other}, element-wise, broadcast. */
    public Variable mul(Variable other) {
        return Mul.apply(this, other);
    }

    /** {@code this * value}. */
    public Variable mul(float value) {
        return Mul.apply(this, scalar(value));
    }

    /** {@code this / other}, element-wise, broadcast. */
    public Variable div(Variable other) {
        return Div.apply(this, other);
    }

    /** {@code this / value}. */
    public Variable div(float value) {
        return Div.apply(this, scalar(value));
    }

    /** {@code this} raised to {@code exponent}, element-wise, broadcast. */
    public Variable pow(Variable exponent) {
        return Pow.apply(this, exponent);
    }

    /**
     * {@code this} raised to a constant {@code exponent}, with {@link Tensor#pow(float)}'s
     * values (arithmetic for 0, ±1, ±2, 3 and ±1/2, as PyTorch).
     */
    public Variable pow(float exponent) {
        return PowScalar.apply(this, exponent);
    }

    /**
     * The element-wise larger of the two; on ties each gets half the gradient, and where either
     * is NaN both get all of it, as in PyTorch.
     */
    public Variable maximum(Variable other) {
        return Extremum.apply(this, other, true);
    }

    /**
     * The element-wise smaller of the two; on ties each gets half the gradient, and where either
     * is NaN both get all of it, as in PyTorch.
     */
    public Variable minimum(Variable other) {
        return Extremum.apply(this, other, false);
    }

    /** Each element clamped to {@code [min, max]}; the gradient is zero where clamping happened. */
    public Variable clamp(float min, float max) {
        return Clamp.apply(this, min, max);
    }

    /** {@code x} where {@code condition} is non-zero, {@code y} elsewhere, broadcast; no gradient flows to the condition. */
    public static Variable where(Tensor condition, Variable x, Variable y) {
        return Where.apply(condition, x, y);
    }

    /** {@code -this}. */
    public Variable neg() {
        return Mul.apply(this, scalar(-1f));
    }

    /** The absolute value; the gradient at 0 is 0. */
    public Variable abs() {
        return Abs.apply(this);
    }

    /** e to the power of each element. */
    public Variable exp() {
        return Exp.apply(this);
    }

    /** The natural logarithm of each element. */
    public Variable log() {
        return Log.apply(this);
    }

    /** The square root of each element. */
    public Variable sqrt() {
        return Sqrt.apply(this);
    }

    /** {@code max(x, 0)}; the gradient at 0 is 0. */
    public Variable relu() {
        return Relu.apply(this);
    }

    /**
     * {@code max(x, 0)} written over this variable's value, as PyTorch's {@code relu_}: no new
     * tensor and one pass less. From then on use the returned variable: this one holds the
     * rectified values, and recording an operation on it throws, since that operation's
     * gradient would skip the ReLU. Stricter than PyTorch, it refuses a variable that a
     * recorded operation has already used, since that operation (or a view it made) would
     * see the new value.
     *
     * @throws IllegalStateException if this is a leaf that requires a gradient, a recorded
     *     operation already used it, or its value is not contiguous or is a view of the value of
     *     the operation's input (a reshape, say)
     */
    public Variable reluInPlace() {
        return Relu.applyInPlace(this);
    }

    /** {@code 1 / (1 + exp(-x))}. */
    public Variable sigmoid() {
        return Sigmoid.apply(this);
    }

    /** The hyperbolic tangent. */
    public Variable tanh() {
        return Tanh.apply(this);
    }

    /** {@code x * Φ(x)}, PyTorch's exact GELU. */
    public Variable gelu() {
        return Gelu.apply(this);
    }

    // ---------------------------------------------------------------- reductions

    /** The sum of all elements. */
    public Variable sum() {
        return Sum.apply(this, new int[0], false);
    }

    /** The sum over {@code dim}. */
    public Variable sum(int dim, boolean keepDim) {
        return Sum.apply(this, new int[] {dim}, keepDim);
    }

    /**
     * The sum over several dimensions (all if {@code dims} is empty).
     *
     * @throws IllegalArgumentException if a dimension is named twice
     */
    public Variable sum(int[] dims, boolean keepDim) {
        return Sum.apply(this, dims, keepDim);
    }

    /** The mean of all elements. */
    public Variable mean() {
        return mean(new int[0], false);
    }

    /** The mean over {@code dim}. */
    public Variable mean(int dim, boolean keepDim) {
        return mean(new int[] {dim}, keepDim);
    }

    /**
     * The mean over several dimensions (all if {@code dims} is empty).
     *
     * @throws IllegalArgumentException if a dimension is named twice
     */
    public Variable mean(int[] dims, boolean keepDim) {
        Variable sum = sum(dims, keepDim);
        int count = sum.value.numel() == 0 ? 0 : value.numel() / sum.value.numel();
        return sum.div(count);
    }

    /**
     * The largest element over {@code dim}, as the values of PyTorch's {@code max(dim)}: the
     * gradient goes to the element {@code argmax} picks, the first maximum or the first NaN.
     */
    public Variable max(int dim, boolean keepDim) {
        return ReduceExtremum.apply(this, dim, keepDim, true);
    }

    /**
     * The smallest element over {@code dim}, as the values of PyTorch's {@code min(dim)}: the
     * gradient goes to the element {@code argmin} picks, the first minimum or the first NaN.
     */
    public Variable min(int dim, boolean keepDim) {
        return ReduceExtremum.apply(this, dim, keepDim, false);
    }

    /** The variance over {@code dims} divided by {@code n - correction} (1: unbiased). */
    public Variable var(int[] dims, boolean keepDim, int correction) {
        if (correction < 0) {
            throw new IllegalArgumentException("correction must be non-negative, got " + correction);
        }
        Variable centered = sub(mean(dims, true));
        Variable sum = centered.mul(centered).sum(dims, keepDim);
        int count = sum.value.numel() == 0 ? 0 : value.numel() / sum.value.numel();
        return sum.div(Math.max(count - correction, 0));
    }

    /** {@code log(sum(exp(x)))} over {@code dim}, without overflow. */
    public Variable logSumExp(int dim, boolean keepDim) {
        return LogSumExp.apply(this, dim, keepDim);
    }

    /** {@code exp(x) / sum(exp(x))} along {@code dim}. */
    public Variable softmax(int dim) {
        return Softmax.apply(this, dim);
    }

    /** {@code x - logSumExp(x)} along {@code dim}. */
    public Variable logSoftmax(int dim) {
        return LogSoftmax.apply(this, dim);
    }

    /** Sums down to {@code target}, a shape that broadcasts to this one (the gradient of broadcasting). */
    public Variable sumTo(Shape target) {
        return target.equals(shape()) ? this : SumTo.apply(this, target);
    }

    // ---------------------------------------------------------------- matmul

    /** The matrix product with NumPy's {@code matmul} rules (see {@link Tensor#matmul}). */
    public Variable matmul(Variable other) {
        if (value.rank() == 0 || other.value.rank() == 0) {
            value.matmul(other.value);
        }
        Variable a = value.rank() == 1 ? unsqueeze(0) : this;
        Variable b = other.value.rank() == 1 ? other.unsqueeze(1) : other;
        Variable out = Matmul.apply(a, b);
        if (value.rank() == 1) {
            out = out.squeeze(-2);
        }
        return other.value.rank() == 1 ? out.squeeze(-1) : out;
    }

    // ---------------------------------------------------------------- views and joins

    /** The same elements in another shape; one size may be -1. */
    public Variable reshape(int... shape) {
        return Reshape.apply(this, value.reshape(shape));
    }

    /** Swaps two dimensions. */
    public Variable transpose(int dim0, int dim1) {
        int[] order = new int[value.rank()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        int a = shape().normalize(dim0), b = shape().normalize(dim1);
        order[a] = b;
        order[b] = a;
        return permute(order);
    }

    /** The transpose of a matrix (a vector is returned as is). */
    public Variable t() {
        value.t();
        return value.rank() < 2 ? this : transpose(0, 1);
    }

    /** Reorders the dimensions: result dimension {@code i} is dimension {@code order[i]}. */
    public Variable permute(int... order) {
        return Permute.apply(this, order);
    }

    /** Repeats size-1 dimensions to reach {@code sizes} (-1 keeps a size). */
    public Variable expand(int... sizes) {
        return Expand.apply(this, value.expand(sizes));
    }

    /** Removes dimension {@code dim} if its size is 1. */
    public Variable squeeze(int dim) {
        return Reshape.apply(this, value.squeeze(dim));
    }

    /** Removes every dimension of size 1. */
    public Variable squeeze() {
        return Reshape.apply(this, value.squeeze());
    }

    /** Inserts a dimension of size 1 at {@code dim}. */
    public Variable unsqueeze(int dim) {
        return Reshape.apply(this, value.unsqueeze(dim));
    }

    /** All elements as one dimension. */
    public Variable flatten() {
        return Reshape.apply(this, value.flatten());
    }

    /** Dimensions {@code startDim..endDim} merged into one. */
    public Variable flatten(int startDim, int endDim) {
        return Reshape.apply(this, value.flatten(startDim, endDim));
    }

    /** The slice {@code [start, start+length)} of dimension {@code dim}. */
    public Variable narrow(int dim, int start, int length) {
        return Narrow.apply(this, dim, start, length);
    }

    /** The slice at {@code index} of dimension {@code dim}, with that dimension removed. */
    public Variable select(int dim, int index) {
        int d = shape().normalize(dim);
        value.select(d, index);
        int i = index < 0 ? index + value.size(d) : index;
        return narrow(d, i, 1).squeeze(d);
    }

    /** Joins variables along an existing dimension. */
    public static Variable cat(int dim, Variable... variables) {
        return Cat.apply(dim, variables);
    }

    /** Joins variables of one shape along a new dimension. */
    public static Variable stack(int dim, Variable... variables) {
        if (variables.length == 0) {
            throw new IllegalArgumentException("stack needs at least one variable");
        }
        Variable[] expanded = new Variable[variables.length];
        for (int i = 0; i < variables.length; i++) {
            if (!variables[i].shape().equals(variables[0].shape())) {
                throw new IllegalArgumentException("stack needs variables of one shape, got " + variables[0].shape()
                        + " and " + variables[i].shape());
            }
            expanded[i] = variables[i].unsqueeze(dim);
        }
        return Cat.apply(dim < 0 ? dim + variables[0].value.rank() + 1 : dim, expanded);
    }

    /** Picks along {@code dim} by {@code index} (see {@link Tensor#gather}). */
    public Variable gather(int dim, Tensor index) {
        return Gather.apply(this, dim, index);
    }

    /** Adds {@code source} into a copy of this at the positions {@code index} names (see {@link Tensor#scatterAdd}). */
    public Variable scatterAdd(int dim, Tensor index, Variable source) {
        return ScatterAdd.apply(this, dim, index, source);
    }

    /** The slices of {@code dim} named by the 1-D {@code index}. */
    public Variable indexSelect(int dim, Tensor index) {
        return IndexSelect.apply(this, dim, index);
    }

    /** The value as {@link Tensor#toString()} prints it, followed by the producing op or {@code requiresGrad}, as PyTorch does. */
    @Override
    public String toString() {
        String tensor = value.toString();
        String suffix = gradFn != null ? ", gradFn=" + gradFn.name() : requiresGrad ? ", requiresGrad=true" : "";
        return tensor.substring(0, tensor.length() - 1) + suffix + ")";
    }
}

import NN
import TensorCore

// Per-token outputs of both towers in the joint space, for models that pool local features
// themselves (MH-CVSE): the same `ln_post`/`ln_final` and projections as the pooled features.

extension CLIPModel {
    /// Projected patch tokens `[B, grid², embedDim]` (class token dropped): `ln_post` and `proj`
    /// applied to every patch state, from normalised pixels `[B, 3, S, S]`.
    public func imagePatchFeatures(_ pixels: Tensor) -> Tensor {
        let states = visual.tokenStates(pixels)
        let (b, t, w) = (states.shape[0], states.shape[1], visual.config.width)
        let patches = visual.lnPost(states.slice(axis: 1, 1..<t))
        return matmul(patches.reshaped([b * (t - 1), w]), visual.proj.value).reshaped([b, t - 1, config.embedDim])
    }

    /// Projected token states `[B, L, embedDim]` for rows of equal length: `ln_final` and the
    /// text projection applied at every position (the pooled feature is the row at the end token).
    public func textTokenFeatures(_ ids: [[Int]]) -> Tensor {
        let states = text.tokenStates(ids)
        let (b, l, w) = (states.shape[0], states.shape[1], text.config.width)
        let flat = states.reshaped([b * l, w])
        let projected = text.projection.map { matmul(flat, $0.value) } ?? text.projectionLinear!(flat)
        return projected.reshaped([b, l, config.embedDim])
    }
}

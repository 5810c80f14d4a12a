/// The hard-negative types generated for every scene (SugarCrepe's seven, ARO's relation swap
/// and ARO's four word-order perturbations).
public enum NegativeKind: String, CaseIterable, Sendable, Hashable, Codable {
    /// SugarCrepe replace-obj: one shape noun replaced by a shape absent from the scene.
    case replaceObj = "replace_obj"
    /// SugarCrepe replace-att: one colour, size or texture replaced by a false value.
    case replaceAtt = "replace_att"
    /// SugarCrepe replace-rel: one relation replaced by a relation whose converse holds.
    case replaceRel = "replace_rel"
    /// SugarCrepe swap-obj: the shape nouns of two objects exchanged, attributes kept in place.
    case swapObj = "swap_obj"
    /// SugarCrepe swap-att: one differing attribute (colour, size or texture) exchanged.
    case swapAtt = "swap_att"
    /// SugarCrepe add-obj: an object absent from the scene appended.
    case addObj = "add_obj"
    /// SugarCrepe add-att: a texture word added to a solid object.
    case addAtt = "add_att"
    /// ARO VG-Relation: subject and object of the main relation exchanged.
    case relationSwap = "relation_swap"
    /// ARO order: nouns shuffled among nouns, adjectives among adjectives.
    case shuffleNounsAndAdj = "shuffle_nouns_and_adj"
    /// ARO order: every word that is not a noun or adjective shuffled.
    case shuffleAllButNounsAndAdj = "shuffle_allbut_nouns_and_adj"
    /// ARO order: words shuffled within each trigram.
    case shuffleWithinTrigrams = "shuffle_within_trigrams"
    /// ARO order: trigrams shuffled.
    case shuffleTrigrams = "shuffle_trigrams"

    /// The seven SugarCrepe subsets, in the benchmark's file order.
    public static let sugarCrepe: [NegativeKind] = [
        .addAtt, .addObj, .replaceAtt, .replaceObj, .replaceRel, .swapAtt, .swapObj,
    ]

    /// The four ARO order perturbations, in `perturbations.py` order.
    public static let order: [NegativeKind] = [
        .shuffleNounsAndAdj, .shuffleAllButNounsAndAdj, .shuffleWithinTrigrams, .shuffleTrigrams,
    ]

    /// Whether the negative is a grammatical rendering of a perturbed scene description (as
    /// opposed to a word-order shuffle).
    public var isStructural: Bool { !Self.order.contains(self) }
}

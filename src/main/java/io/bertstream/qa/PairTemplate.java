package io.bertstream.qa;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * How the tokenizer lays out a (question, context) pair, e.g. {@code [CLS] q [SEP] c [SEP]} for BERT or
 * {@code <s> q </s></s> c </s>} for RoBERTa, learnt by encoding a probe pair so any tokenizer.json works.
 */
record PairTemplate(List<Slot> slots) {

    /** One place in the layout: a fixed special token, or where the question or context tokens go. */
    record Slot(Kind kind, long tokenId, long typeId) {
    }

    enum Kind { SPECIAL, QUESTION, CONTEXT }

    static PairTemplate probe(HuggingFaceTokenizer tokenizer) {
        Encoding probe = tokenizer.encode("question", "context", true, false);
        long[] sequenceIds = probe.getSequenceIds();
        long[] ids = probe.getIds();
        long[] typeIds = probe.getTypeIds();
        List<Slot> slots = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            if (sequenceIds[i] < 0) {
                slots.add(new Slot(Kind.SPECIAL, ids[i], typeIds[i]));
            } else {
                Kind kind = sequenceIds[i] == 0 ? Kind.QUESTION : Kind.CONTEXT;
                if (slots.isEmpty() || slots.get(slots.size() - 1).kind() != kind) {
                    slots.add(new Slot(kind, -1, typeIds[i]));
                }
            }
        }
        return new PairTemplate(List.copyOf(slots));
    }

    /** Number of special tokens added around a pair. */
    int specialTokenCount() {
        return (int) slots.stream().filter(slot -> slot.kind() == Kind.SPECIAL).count();
    }

    /** Whether position 0 is a special token (the [CLS] that scores the impossible answer). */
    boolean startsWithSpecialToken() {
        return !slots.isEmpty() && slots.get(0).kind() == Kind.SPECIAL;
    }
}

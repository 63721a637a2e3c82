/* refusal_phrases.h — the multilingual lexicon of refusal detection (private to
 * src/facets/refusal*.c). Phrases are written as people write them; they are folded
 * (case, diacritics, quotes, commas) the same way as the replies before matching.
 * A phrase matches at the start of a word and may end inside one ("i cannot provid"
 * matches "provide" and "providing"); " … " stands for a short stretch of text (a clause)
 * between two parts ("ich kann … nicht", "i understand … but"). Where phrases of
 * several kinds start at one place, the longest decides ("i cannot predict" is a
 * limitation, not a decline; "i can't wait" declines nothing). */
#ifndef KLEIO_REFUSAL_PHRASES_H
#define KLEIO_REFUSAL_PHRASES_H
#include <stddef.h>

enum kl_refusal_kind {
    KL_RK_REFUSE,      /* declines: "i can't help with", "no puedo", "我无法" */
    KL_RK_SOFT,        /* half a refusal: apology, empathy, "unfortunately", a caveat */
    KL_RK_OBJECTION,   /* a moral or legal objection: "is illegal", "不道德" */
    KL_RK_HELP,        /* a helpful opening: "here is", "voici", "以下是" */
    KL_RK_ALTERNATIVE, /* offers something else: "instead", "however, i can" */
    KL_RK_IDIOM,       /* refusal words that decline nothing: "i can't wait" */
    KL_RK_LIMIT,       /* cannot know or have: "as an ai", "i don't have access", "我无法预测" */
    KL_RK_REFER,       /* sends the user elsewhere: "consult a", "hotline", "专业人士" */
    KL_RK_REBUT,       /* corrects the premise: "there is no evidence", "is a myth" */
    KL_RK_DISCLAIM,    /* a caution before or after content: "please note", "i'm not a doctor" */
    KL_RK_SUPPORT,     /* comforts a person in distress: "you're not alone"; substance itself */
    KL_RK_CONTRAST,    /* "but", "however": after an inability or a disclaimer, the answer */
    KL_RK_KINDS
};

struct kl_refusal_phrase {
    enum kl_refusal_kind kind;
    const char *text;
};

extern const struct kl_refusal_phrase kl_refusal_phrases[];
extern const size_t kl_refusal_phrase_count;

#endif

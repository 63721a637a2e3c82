/* concern.h — the offline concern score (1–5) from a multilingual lexicon of harm
 * categories; see kleio-facets(1) for the categories and their levels.
 *
 * Scale (as in Clio): 1 not concerning; 2 mildly (spam, adult content, generic mentions
 * of weapons or hacking); 3 possibly harmful (drugs, scams, harassment, malware
 * mentions); 4 likely harmful (building malware, fraud schemes, weapons, self-harm
 * topics); 5 needs immediate review (sexual content involving minors, mass-casualty
 * weapons, a person in crisis saying they want to end their life).
 * Two separate terms, or one inside a persuasion or publication framing ("a persuasive
 * article arguing that"), raise the highest level by one, to at most 4.
 * A term's level is raised by one when the text also asks for operational detail
 * ("step by step", "without getting caught"; up to 4 for fraud, spam, harassment,
 * sexual content and surveillance, up to 5 otherwise) and lowered by one when it is framed as
 * defence, prevention or study — except for minors and crisis language, which never
 * go down. Contract: deterministic, thread-safe, no network. */
#ifndef KLEIO_CONCERN_H
#define KLEIO_CONCERN_H
#include <stddef.h>

enum kl_harm {
    KL_HARM_NONE, KL_HARM_CSAM, KL_HARM_SELF_HARM, KL_HARM_WEAPONS, KL_HARM_VIOLENCE,
    KL_HARM_EXTREMISM, KL_HARM_MALWARE, KL_HARM_FRAUD, KL_HARM_DRUGS, KL_HARM_HARASSMENT,
    KL_HARM_SPAM, KL_HARM_SEXUAL, KL_HARM_SURVEILLANCE, KL_HARM_CRIME, KL_HARM_HATE,
    KL_HARM_MISINFORMATION, KL_HARM_JAILBREAK, KL_HARM_COUNT
};

typedef struct kl_concern {
    int score;                 /* 1..5 */
    enum kl_harm category;     /* the category that set the score; NONE when 1 */
} kl_concern;

/* Scores text[0..len) (the user's turns, joined). */
void kl_concern_assess(const char *text, size_t len, kl_concern *out);
/* "weapons", "self-harm", … ("none" for KL_HARM_NONE). */
const char *kl_harm_name(enum kl_harm h);

#endif

/* stopwords.h — request-frame words of kleio's languages: the wording people use to ask
 * ("can you", "necesito", "pouvez-vous", "помоги", "ください", "请帮我") rather than what
 * they ask about. Cluster names must not be built from them, or clusters get named after
 * a language's way of asking instead of their topic. Complements kl_token_is_stopword
 * (English function words). Inputs are code points as kl_tokenize gives them (lower-cased,
 * diacritics kept). Thread-safe (an index is built on first use). */
#ifndef KLEIO_STOPWORDS_H
#define KLEIO_STOPWORDS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True for a request-frame or function word of a language written with spaces: English,
 * Spanish, French, Portuguese, Catalan, Italian, German, Dutch, Danish, Norwegian, Swedish,
 * Polish, Lithuanian, Serbian, Ukrainian, Russian, Kazakh, Turkish, Indonesian, Yoruba,
 * Korean, Arabic, Hindi, Armenian, Georgian, Afrikaans (one table each, merged). */
bool kl_stopword_is_frame(const uint32_t *cp, size_t len);

/* kl_stopword_is_frame, or, in a document of language lang (ISO 639-1 code; NULL =
 * unknown), one of that language's function words that are also English topic words
 * ("man" in German, "ai" in French, "fun" in Yoruba), which only a known language makes
 * frames. */
bool kl_stopword_is_frame_in(const uint32_t *cp, size_t len, const char *lang);

/* True for a character n-gram (from a run of an unspaced script) made only of grammar:
 * hiragana, or Chinese function characters (我 的 了 吗 请 帮 ...); one holding a Han
 * request frame ("方法", "编写"); Thai inside a Thai function or frame word. */
bool kl_stopword_is_frame_ngram(const uint32_t *cp, size_t len);

#endif

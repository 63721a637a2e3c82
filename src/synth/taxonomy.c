/* taxonomy.c — the synthetic corpus's categories, topics and languages (static data).
 * Weights are relative; trends are balanced at generation time so that the time-averaged
 * share of each topic equals its weight share. Refusal and concern figures are chosen to
 * resemble what Clio reports: general topics are rarely refused, harmful ones mostly. */
#include <string.h>

#include "kleio/synth.h"
#include "synth_lang.h"

enum { CAT_SOFTWARE, CAT_WRITING, CAT_RESEARCH, CAT_EDUCATION, CAT_BUSINESS, CAT_PERSONAL,
       CAT_HEALTH, CAT_CREATIVE, CAT_TRANSLATION, CAT_DAILY, CAT_ITSUPPORT, CAT_LEGAL,
       CAT_SPAM, CAT_CYBER, CAT_WEAPONS, CAT_FRAUD, CAT_SELFHARM, CAT_COUNT };

static const struct { const char *key, *name; bool concerning; } categories[CAT_COUNT] = {
    [CAT_SOFTWARE] = {"software", "Software development", false},
    [CAT_WRITING] = {"writing", "Writing and editing", false},
    [CAT_RESEARCH] = {"research", "Research and analysis", false},
    [CAT_EDUCATION] = {"education", "Education and tutoring", false},
    [CAT_BUSINESS] = {"business", "Business and finance", false},
    [CAT_PERSONAL] = {"personal", "Personal advice and relationships", false},
    [CAT_HEALTH] = {"health", "Health and wellbeing", false},
    [CAT_CREATIVE] = {"creative", "Creative writing and role-play", false},
    [CAT_TRANSLATION] = {"translation", "Translation and language help", false},
    [CAT_DAILY] = {"daily_life", "Travel, food and home", false},
    [CAT_ITSUPPORT] = {"it_support", "Technology troubleshooting", false},
    [CAT_LEGAL] = {"legal", "Law, housing and paperwork", false},
    [CAT_SPAM] = {"spam", "Spam and content farms", true},
    [CAT_CYBER] = {"cyber_abuse", "Malware and account hacking", true},
    [CAT_WEAPONS] = {"weapons", "Weapons and explosives", true},
    [CAT_FRAUD] = {"fraud", "Fraud and scams", true},
    [CAT_SELFHARM] = {"self_harm", "Self-harm crises", true},
};

#define T(id, key, name, cat, concern, w, trend, full, part) \
    [id] = {key, name, cat, concern, w, trend, full, part}
static const kl_synth_topic topics[TP_COUNT] = {
    T(TP_PY_DEBUG, "python_debugging", "Debugging Python code", CAT_SOFTWARE, 1, 3.0, 0.2, 0, 0),
    T(TP_JS_DEBUG, "javascript_debugging", "Debugging JavaScript code", CAT_SOFTWARE, 1, 2.5, 0.4, 0, 0),
    T(TP_SQL, "sql_queries", "Writing SQL queries", CAT_SOFTWARE, 1, 1.5, 0, 0, 0),
    T(TP_CSS, "web_layout", "Web page layout and CSS", CAT_SOFTWARE, 1, 1.2, -0.2, 0, 0),
    T(TP_DEVOPS, "docker_deployment", "Docker and deployment", CAT_SOFTWARE, 1, 1.2, 0.6, 0, 0),
    T(TP_ALGO, "algorithms", "Algorithms and data structures", CAT_SOFTWARE, 1, 1.2, 0, 0, 0),
    T(TP_MOBILE, "mobile_apps", "Mobile app development", CAT_SOFTWARE, 1, 1.0, 0, 0, 0),
    T(TP_SECURITY, "server_security", "Securing servers and accounts", CAT_SOFTWARE, 2, 0.8, 0.2, 0.01, 0.05),
    T(TP_COVER, "cover_letters", "Cover letters", CAT_WRITING, 1, 2.0, 0, 0, 0),
    T(TP_RESUME, "resumes", "Résumés and CVs", CAT_WRITING, 1, 2.0, 0, 0, 0),
    T(TP_EMAIL, "work_emails", "Professional e-mails", CAT_WRITING, 1, 2.0, -0.2, 0, 0),
    T(TP_ESSAY, "essay_editing", "Essay editing and proofreading", CAT_WRITING, 1, 1.6, 0, 0, 0.02),
    T(TP_SPEECH, "speeches", "Speeches and toasts", CAT_WRITING, 1, 0.8, 0, 0, 0),
    T(TP_SOCIAL, "social_media_posts", "Social media posts", CAT_WRITING, 1, 1.2, 0.3, 0, 0),
    T(TP_STATS, "statistics", "Data analysis and statistics", CAT_RESEARCH, 1, 1.4, 0.2, 0, 0),
    T(TP_HISTORY, "history_questions", "History questions", CAT_RESEARCH, 1, 1.0, 0, 0, 0),
    T(TP_SCIENCE, "science_explanations", "Science explanations", CAT_RESEARCH, 1, 1.2, 0, 0, 0),
    T(TP_SUMMARY, "article_summaries", "Summarising articles and reports", CAT_RESEARCH, 1, 1.4, 0.3, 0, 0),
    T(TP_MATH, "math_homework", "Mathematics homework", CAT_EDUCATION, 1, 2.0, 0, 0, 0.02),
    T(TP_LANGLEARN, "language_learning", "Learning a foreign language", CAT_EDUCATION, 1, 1.2, 0, 0, 0),
    T(TP_EXAM, "exam_preparation", "Exam preparation", CAT_EDUCATION, 1, 1.2, 0, 0, 0),
    T(TP_LESSON, "lesson_plans", "Lesson plans for teachers", CAT_EDUCATION, 1, 0.8, 0.2, 0, 0),
    T(TP_MARKETING, "marketing_strategy", "Marketing strategy", CAT_BUSINESS, 1, 1.4, 0, 0, 0),
    T(TP_BIZPLAN, "business_plans", "Business plans", CAT_BUSINESS, 1, 1.0, 0, 0, 0),
    T(TP_BUDGET, "personal_budgeting", "Personal budgeting", CAT_BUSINESS, 1, 0.9, 0, 0, 0),
    T(TP_INVEST, "investing_basics", "Investing basics", CAT_BUSINESS, 1, 0.9, 0.2, 0, 0.08),
    T(TP_TAX, "taxes_invoices", "Taxes and invoices", CAT_BUSINESS, 1, 0.8, 0, 0, 0.03),
    T(TP_RELATION, "relationship_advice", "Relationship advice", CAT_PERSONAL, 1, 1.3, 0, 0, 0),
    T(TP_CAREER, "career_advice", "Career advice", CAT_PERSONAL, 1, 1.3, 0, 0, 0),
    T(TP_PARENT, "parenting", "Parenting", CAT_PERSONAL, 1, 0.9, 0, 0, 0),
    T(TP_FRIEND, "friendship_conflicts", "Friendship and social conflicts", CAT_PERSONAL, 1, 0.8, 0, 0, 0),
    T(TP_PRODUCT, "productivity_motivation", "Productivity and motivation", CAT_PERSONAL, 1, 1.0, 0, 0, 0),
    T(TP_SYMPTOM, "symptom_questions", "Questions about symptoms", CAT_HEALTH, 2, 1.2, 0, 0, 0.15),
    T(TP_NUTRITION, "nutrition_diets", "Nutrition and diets", CAT_HEALTH, 1, 1.0, 0, 0, 0.02),
    T(TP_FITNESS, "fitness_plans", "Fitness and training plans", CAT_HEALTH, 1, 1.0, 0, 0, 0),
    T(TP_SLEEP, "sleep_problems", "Sleep problems", CAT_HEALTH, 1, 0.7, 0, 0, 0.02),
    T(TP_ANXIETY, "stress_anxiety", "Stress and anxiety", CAT_HEALTH, 2, 0.9, 0.2, 0, 0.03),
    T(TP_STORY, "short_stories", "Short stories", CAT_CREATIVE, 1, 1.2, 0, 0, 0.02),
    T(TP_POEM, "poems_lyrics", "Poems and song lyrics", CAT_CREATIVE, 1, 1.0, 0, 0, 0),
    T(TP_RP_FANTASY, "fantasy_roleplay", "Fantasy role-play", CAT_CREATIVE, 1, 1.0, 0.3, 0, 0.03),
    T(TP_RP_COMPANION, "companion_roleplay", "Companion role-play", CAT_CREATIVE, 2, 0.8, 0.8, 0.02, 0.08),
    T(TP_GAME, "game_design", "Game design and worldbuilding", CAT_CREATIVE, 1, 0.7, 0, 0, 0),
    T(TP_TR_DOC, "document_translation", "Translating documents", CAT_TRANSLATION, 1, 1.2, -0.8, 0, 0),
    T(TP_TR_MSG, "message_translation", "Translating personal messages", CAT_TRANSLATION, 1, 0.9, -0.4, 0, 0),
    T(TP_GRAMMAR, "grammar_questions", "Grammar and usage questions", CAT_TRANSLATION, 1, 0.8, 0, 0, 0),
    T(TP_TRAVEL, "travel_planning", "Travel planning", CAT_DAILY, 1, 1.2, 0, 0, 0),
    T(TP_RECIPE, "recipes_cooking", "Recipes and cooking", CAT_DAILY, 1, 1.2, 0, 0, 0),
    T(TP_DIY, "home_repair", "Home repair and DIY", CAT_DAILY, 1, 0.8, 0, 0, 0.02),
    T(TP_PETS, "pet_care", "Pet care", CAT_DAILY, 1, 0.7, 0, 0, 0),
    T(TP_PC, "computer_troubleshooting", "Computer troubleshooting", CAT_ITSUPPORT, 1, 1.2, -0.6, 0, 0),
    T(TP_PHONE, "smartphone_help", "Smartphone help", CAT_ITSUPPORT, 1, 0.9, -0.3, 0, 0),
    T(TP_SHEET, "spreadsheet_formulas", "Spreadsheet formulas", CAT_ITSUPPORT, 1, 1.0, 0, 0, 0),
    T(TP_TENANT, "tenant_rights", "Tenant rights and leases", CAT_LEGAL, 1, 0.7, 0, 0, 0.05),
    T(TP_VISA, "visa_paperwork", "Visas and immigration paperwork", CAT_LEGAL, 1, 0.7, 0, 0, 0.03),
    T(TP_CONSUMER, "consumer_complaints", "Consumer complaints and refunds", CAT_LEGAL, 1, 0.7, 0, 0, 0),
    T(TP_SEO, "seo_content_farms", "SEO spam and content farms", CAT_SPAM, 3, 0.6, 0.8, 0.25, 0.35),
    T(TP_FAKE_REVIEWS, "fake_reviews", "Fake reviews", CAT_SPAM, 3, 0.4, 0.4, 0.55, 0.25),
    T(TP_MALWARE, "malware", "Writing malware", CAT_CYBER, 5, 0.4, 0.3, 0.85, 0.10),
    T(TP_HACKING, "account_hacking", "Breaking into accounts", CAT_CYBER, 4, 0.4, 0, 0.80, 0.12),
    T(TP_WEAPONS, "weapons", "Making weapons and explosives", CAT_WEAPONS, 5, 0.3, 0, 0.92, 0.06),
    T(TP_SCAM, "scam_scripts", "Scam scripts", CAT_FRAUD, 4, 0.4, 0.3, 0.75, 0.15),
    T(TP_PHISHING, "phishing", "Phishing messages", CAT_FRAUD, 4, 0.4, 0, 0.80, 0.12),
    T(TP_SELFHARM, "self_harm_crisis", "Self-harm crises", CAT_SELFHARM, 5, 0.3, 0, 0, 0),
};
#undef T

const synth_topic_meta synth_topic_meta_table[TP_COUNT] = {
    [TP_PY_DEBUG] = {TASK_FIX, CODE_PY}, [TP_JS_DEBUG] = {TASK_FIX, CODE_JS},
    [TP_SQL] = {TASK_WRITE, CODE_SQL}, [TP_CSS] = {TASK_FIX, CODE_CSS},
    [TP_DEVOPS] = {TASK_FIX, CODE_DOCKER}, [TP_ALGO] = {TASK_EXPLAIN, CODE_PY},
    [TP_MOBILE] = {TASK_FIX, CODE_KOTLIN}, [TP_SECURITY] = {TASK_EXPLAIN, CODE_NONE},
    [TP_COVER] = {TASK_WRITE, CODE_NONE}, [TP_RESUME] = {TASK_WRITE, CODE_NONE},
    [TP_EMAIL] = {TASK_WRITE, CODE_NONE}, [TP_ESSAY] = {TASK_FIX, CODE_NONE},
    [TP_SPEECH] = {TASK_WRITE, CODE_NONE}, [TP_SOCIAL] = {TASK_WRITE, CODE_NONE},
    [TP_STATS] = {TASK_EXPLAIN, CODE_PY}, [TP_HISTORY] = {TASK_EXPLAIN, CODE_NONE},
    [TP_SCIENCE] = {TASK_EXPLAIN, CODE_NONE}, [TP_SUMMARY] = {TASK_WRITE, CODE_NONE},
    [TP_MATH] = {TASK_EXPLAIN, CODE_NONE}, [TP_LANGLEARN] = {TASK_PLAN, CODE_NONE},
    [TP_EXAM] = {TASK_PLAN, CODE_NONE}, [TP_LESSON] = {TASK_PLAN, CODE_NONE},
    [TP_MARKETING] = {TASK_PLAN, CODE_NONE}, [TP_BIZPLAN] = {TASK_WRITE, CODE_NONE},
    [TP_BUDGET] = {TASK_PLAN, CODE_NONE}, [TP_INVEST] = {TASK_EXPLAIN, CODE_NONE},
    [TP_TAX] = {TASK_EXPLAIN, CODE_NONE}, [TP_RELATION] = {TASK_ADVICE, CODE_NONE},
    [TP_CAREER] = {TASK_ADVICE, CODE_NONE}, [TP_PARENT] = {TASK_ADVICE, CODE_NONE},
    [TP_FRIEND] = {TASK_ADVICE, CODE_NONE}, [TP_PRODUCT] = {TASK_ADVICE, CODE_NONE},
    [TP_SYMPTOM] = {TASK_ADVICE, CODE_NONE}, [TP_NUTRITION] = {TASK_PLAN, CODE_NONE},
    [TP_FITNESS] = {TASK_PLAN, CODE_NONE}, [TP_SLEEP] = {TASK_ADVICE, CODE_NONE},
    [TP_ANXIETY] = {TASK_ADVICE, CODE_NONE}, [TP_STORY] = {TASK_WRITE, CODE_NONE},
    [TP_POEM] = {TASK_WRITE, CODE_NONE}, [TP_RP_FANTASY] = {TASK_ROLEPLAY, CODE_NONE},
    [TP_RP_COMPANION] = {TASK_ROLEPLAY, CODE_NONE}, [TP_GAME] = {TASK_PLAN, CODE_NONE},
    [TP_TR_DOC] = {TASK_TRANSLATE, CODE_NONE}, [TP_TR_MSG] = {TASK_TRANSLATE, CODE_NONE},
    [TP_GRAMMAR] = {TASK_EXPLAIN, CODE_NONE}, [TP_TRAVEL] = {TASK_PLAN, CODE_NONE},
    [TP_RECIPE] = {TASK_WRITE, CODE_NONE}, [TP_DIY] = {TASK_FIX, CODE_NONE},
    [TP_PETS] = {TASK_ADVICE, CODE_NONE}, [TP_PC] = {TASK_FIX, CODE_NONE},
    [TP_PHONE] = {TASK_FIX, CODE_NONE}, [TP_SHEET] = {TASK_FIX, CODE_SHEET},
    [TP_TENANT] = {TASK_ADVICE, CODE_NONE}, [TP_VISA] = {TASK_EXPLAIN, CODE_NONE},
    [TP_CONSUMER] = {TASK_WRITE, CODE_NONE}, [TP_SEO] = {TASK_WRITE, CODE_NONE},
    [TP_FAKE_REVIEWS] = {TASK_WRITE, CODE_NONE}, [TP_MALWARE] = {TASK_HARM, CODE_PY},
    [TP_HACKING] = {TASK_HARM, CODE_NONE}, [TP_WEAPONS] = {TASK_HARM, CODE_NONE},
    [TP_SCAM] = {TASK_HARM, CODE_NONE}, [TP_PHISHING] = {TASK_HARM, CODE_NONE},
    [TP_SELFHARM] = {TASK_CRISIS, CODE_NONE},
};

/* Order fixes the language index everywhere (truth files, masks, synth_languages). */
static const struct { const char *code, *name; double weight; } languages[] = {
    {"en", "English", 0.25},   {"es", "Spanish", 0.09},    {"fr", "French", 0.07},
    {"pt", "Portuguese", 0.07}, {"ca", "Catalan", 0.03},   {"uk", "Ukrainian", 0.04},
    {"ru", "Russian", 0.07},   {"ja", "Japanese", 0.06},   {"zh", "Mandarin Chinese", 0.07},
    {"ar", "Arabic", 0.05},    {"hi", "Hindi", 0.05},      {"tr", "Turkish", 0.04},
    {"hy", "Armenian", 0.03},  {"ka", "Georgian", 0.03},   {"af", "Afrikaans", 0.05},
};
#define N_LANG (sizeof languages / sizeof languages[0])

size_t kl_synth_category_count(void) { return CAT_COUNT; }
const char *kl_synth_category_key(size_t c) { return c < CAT_COUNT ? categories[c].key : NULL; }
const char *kl_synth_category_name(size_t c) { return c < CAT_COUNT ? categories[c].name : NULL; }
bool kl_synth_category_concerning(size_t c) { return c < CAT_COUNT && categories[c].concerning; }

size_t kl_synth_topic_count(void) { return TP_COUNT; }
const kl_synth_topic *kl_synth_topic_at(size_t t) { return t < TP_COUNT ? &topics[t] : NULL; }

long kl_synth_topic_find(const char *key)
{
    for (size_t t = 0; t < TP_COUNT; t++)
        if (strcmp(topics[t].key, key) == 0)
            return (long)t;
    return -1;
}

long kl_synth_category_find(const char *key)
{
    for (size_t c = 0; c < CAT_COUNT; c++)
        if (strcmp(categories[c].key, key) == 0)
            return (long)c;
    return -1;
}

size_t kl_synth_language_count(void) { return N_LANG; }
const char *kl_synth_language_code(size_t l) { return l < N_LANG ? languages[l].code : NULL; }
const char *kl_synth_language_name(size_t l) { return l < N_LANG ? languages[l].name : NULL; }
double kl_synth_language_weight(size_t l) { return l < N_LANG ? languages[l].weight : 0; }

long kl_synth_language_find(const char *code)
{
    for (size_t l = 0; l < N_LANG; l++)
        if (strcmp(languages[l].code, code) == 0)
            return (long)l;
    return -1;
}

/* stopwords.c — request-frame and function words, one table per language
 * (kl_stopword_is_frame), and grammar-only character n-grams of unspaced scripts
 * (kl_stopword_is_frame_ngram). The tables are data: pronouns, articles, prepositions,
 * auxiliaries, question words, politeness formulas and the verbs requests open with
 * ("write", "create", "explain"), lower case as kl_tokenize leaves words, one word each
 * (kl_tokenize splits "ajuda'm" and "qu'est"). A word that is also a common English topic
 * word ("ai" in French and Italian, "war" in German, "bet" in Lithuanian) is left out of
 * the other language's table (the tables are merged, and a topic must stay nameable) and
 * listed in collisions[], frames only in documents known to be in that language. */
#include "kleio/stopwords.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* English */
static const char *const w_en[] = {
    "could", "would", "can", "please", "help", "need", "want", "write", "explain", "something",
    "someone", "quick", "question", "simple", "simply", "easiest", "easy", "way", "step",
    "advice", "understand", "don", "doesn", "isn", "didn", "im", "ive", "keep", "keeps",
    "really", "exactly", "first", "detailed", "short", "thing", "things", "hi", "hello",
    "thanks", "thank", "anyone", "possible", "give", "tell", "make", "know", "put", "together",
    "figure", "out", "difference", "between", "specific", "instructions", "create", "generate",
    "draft", "compose", "provide", "describe", "outline", "suggest",
};

/* Spanish */
static const char *const w_es[] = {
    "puedes", "podrías", "puede", "necesito", "quiero", "ayúdame", "ayudas", "ayuda", "ayudar",
    "por", "favor", "explica", "explícame", "explicar", "escribe", "escribir", "redacta",
    "redáctame", "dame", "hazme", "haz", "cómo", "qué", "cuál", "sobre", "para", "con", "una",
    "uno", "unos", "unas", "los", "las", "del", "que", "de", "la", "el", "en", "mi", "mis",
    "me", "te", "se", "lo", "le", "es", "no", "sí", "y", "o", "al", "algo", "forma", "manera",
    "fácil", "sencilla", "rápida", "pregunta", "paso", "consejo", "entiendo", "sé", "hago",
    "hacer", "debería", "primero", "sigue", "breve", "gracias", "hola", "mí", "tú", "muy",
    "más", "como", "cual", "sería", "montar", "específico", "específica", "instrucciones",
    "detalladas", "detallado", "detallada", "utilizar", "usar", "cuáles", "cuales", "puedo",
    "podría", "cuánto", "cuántos", "cuántas", "dónde", "cuándo", "quién", "quiénes", "porque",
    "pero", "su", "sus", "tu", "tus", "este", "esta", "esto", "estos", "estas", "ese", "esa",
    "eso", "esos", "hay", "ser", "estar", "tengo", "tiene", "tienen", "ha", "he", "han", "sin",
    "entre", "desde", "hasta", "otro", "otra", "bien", "todos", "nos", "les", "ti", "usted",
    "ustedes", "donde", "cuando", "crea", "crear", "genera", "generar", "diseña", "diseñar",
    "elabora", "elaborar", "desarrolla", "desarrollar", "proporciona", "proporcionar",
    "describe", "describir", "dime", "dar",
};

/* French */
static const char *const w_fr[] = {
    "peux", "pouvez", "tu", "vous", "je", "moi", "aide", "aider", "aidez", "besoin", "veux",
    "voudrais", "explique", "expliquer", "expliquez", "écris", "écrire", "rédige", "rédiger",
    "donne", "donner", "fais", "faire", "comment", "quoi", "quel", "quelle", "pourquoi", "est",
    "ce", "qu", "qui", "du", "des", "le", "les", "un", "une", "et", "ou", "sur", "pour", "avec",
    "mon", "ma", "mes", "ton", "ta", "pas", "ne", "plus", "il", "elle", "façon", "manière",
    "simplement", "rapide", "étape", "conseil", "comprends", "sais", "merci", "bonjour",
    "plaît", "svp", "très", "à", "au", "aux", "prendre", "obtenir", "trouver", "mettre",
    "spécifique", "instructions", "détaillées", "détaillée", "détaillé", "détail", "utiliser",
    "sans", "afin", "puis", "pourriez", "pourrais", "pourrait", "peut", "dois", "doit", "faut",
    "suis", "es", "sont", "sommes", "êtes", "as", "avons", "avez", "ont", "être", "avoir", "y",
    "en", "dans", "par", "mais", "donc", "si", "que", "où", "quand", "lequel", "laquelle",
    "quels", "quelles", "nous", "ils", "elles", "leur", "leurs", "sa", "ses", "notre", "votre",
    "vos", "nos", "cette", "cet", "ces", "celui", "celle", "entre", "aussi", "bien", "tout",
    "tous", "toutes", "chose", "quelque", "quelqu", "voudriez", "aimerais", "dis", "dites",
    "montre", "moyen", "crée", "créer", "créez", "génère", "générer", "générez", "conçois",
    "concevoir", "rédigez", "écrivez", "élabore", "élaborez", "fournis", "fournir",
    "fournissez", "décris", "décrire", "décrivez",
};

/* Portuguese */
static const char *const w_pt[] = {
    "pode", "podes", "você", "voce", "preciso", "quero", "ajude", "explique", "escreva",
    "escrever", "redija", "dê", "faça", "fazer", "qual", "um", "os", "as", "do", "da", "dos",
    "das", "no", "na", "meu", "minha", "e", "não", "eu", "é", "isso", "isto", "fácil",
    "simples", "passo", "seria", "dúvida", "conselho", "entendo", "sei", "obrigado", "obrigada",
    "olá",
};

/* Catalan */
static const char *const w_ca[] = {
    "pots", "podries", "pot", "necessito", "vull", "escriu", "fes", "com", "què", "quin",
    "quina", "amb", "els", "i", "em", "meva", "és", "fàcil", "senzilla", "pas", "consell",
    "entenc", "gràcies",
};

/* Italian */
static const char *const w_it[] = {
    "specifico", "specifica", "istruzioni", "dettagliate", "dettagliato", "utilizzare", "usare",
    "io", "tu", "lui", "lei", "noi", "voi", "loro", "mi", "ti", "ci", "vi", "si", "me", "te",
    "mio", "mia", "miei", "mie", "tuo", "tua", "suo", "sua", "il", "lo", "la", "gli", "le",
    "un", "uno", "una", "di", "del", "della", "dei", "delle", "dello", "degli", "al", "alla",
    "alle", "da", "dal", "dalla", "in", "nel", "nella", "nei", "con", "su", "sul", "sulla",
    "per", "tra", "fra", "ed", "ma", "che", "chi", "cosa", "come", "dove", "quando", "perché",
    "perche", "quale", "quali", "quanto", "quanti", "posso", "puoi", "può", "possiamo",
    "potresti", "potrei", "potrebbe", "devo", "deve", "vorrei", "voglio", "vuoi", "sono", "sei",
    "è", "siamo", "ho", "hai", "ha", "abbiamo", "hanno", "essere", "avere", "fai", "fammi",
    "non", "più", "molto", "anche", "se", "questo", "questa", "questi", "quello", "quella",
    "aiuto", "aiutami", "aiutare", "spiega", "spiegami", "spiegare", "scrivi", "scrivere",
    "dammi", "dimmi", "dire", "favore", "grazie", "ciao", "qualcosa", "qualcuno", "modo",
    "passo", "consiglio", "consigli", "domanda", "crea", "creare", "genera", "generare",
    "progetta", "progettare", "redigi", "sviluppa", "sviluppare", "fornisci", "descrivi",
};

/* German */
static const char *const w_de[] = {
    "sein", "seine", "seinen", "seinem", "seiner", "ihrem", "ihrer", "deren", "dessen",
    "bestimmte", "bestimmten", "spezifische", "anleitung", "ausführliche", "detaillierte",
    "detailliert", "verwenden", "benutzen", "ich", "du", "sie", "er", "es", "wir", "ihr", "mir",
    "mich", "dir", "dich", "uns", "euch", "ihnen", "ihm", "ihn", "mein", "meine", "meinen",
    "meinem", "meiner", "meines", "dein", "deine", "deinen", "ihre", "ihren", "unser", "unsere",
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines",
    "und", "oder", "aber", "wie", "was", "wer", "wo", "warum", "wieso", "weshalb", "welche",
    "welcher", "welches", "welchen", "wann", "woher", "wohin", "kann", "kannst", "können",
    "könnte", "könntest", "könnten", "soll", "sollte", "sollen", "muss", "musst", "müssen",
    "will", "willst", "möchte", "möchten", "würde", "würden", "würdest", "bist", "ist", "sind",
    "seid", "waren", "habe", "hast", "haben", "hatte", "wird", "werden", "wurde", "mit", "von",
    "zu", "zum", "zur", "für", "auf", "aus", "bei", "nach", "über", "unter", "um", "an", "am",
    "im", "in", "ins", "vom", "durch", "gegen", "ohne", "als", "auch", "nicht", "kein", "keine",
    "keinen", "noch", "nur", "so", "sehr", "mehr", "dass", "ob", "wenn", "weil", "bitte",
    "danke", "hallo", "hilf", "helfen", "hilfe", "erkläre", "erklären", "erklär", "schreibe",
    "schreib", "schreiben", "gib", "geben", "sag", "sagen", "zeig", "zeigen", "brauche",
    "brauchen", "gibt", "mal", "etwas", "einige", "einfach", "dies", "diese", "dieser",
    "dieses", "diesen", "jemand", "jemanden", "wirklich", "schritt", "frage", "tipps", "beste",
    "besten", "eigentlich", "schon", "doch", "denn", "dabei", "darüber", "davon", "dazu",
    "hier", "dort", "jetzt", "heute", "sich", "selbst", "verfassen", "verfasse", "erstelle",
    "erstellen", "erstellt", "entwerfen", "entwirf", "entwerfe", "generiere", "generieren",
    "entwickle", "entwickeln", "gestalte", "gestalten", "liefere", "beschreibe", "beschreiben",
};

/* Dutch */
static const char *const w_nl[] = {
    "specifiek", "specifieke", "tegen", "te", "meest", "effectieve", "effectief",
    "gedetailleerde", "gedetailleerd", "instructies", "zonder", "gebruiken", "gebruik", "maken",
    "ervoor", "zorgen", "zodat", "ik", "je", "jij", "hij", "zij", "ze", "wij", "we", "jullie",
    "mij", "me", "mijn", "jouw", "jou", "uw", "zijn", "haar", "ons", "onze", "hun", "de", "het",
    "een", "en", "of", "maar", "hoe", "wat", "wie", "waar", "waarom", "wanneer", "welke",
    "welk", "kan", "kun", "kunt", "kunnen", "kon", "zou", "zouden", "moet", "moeten", "wil",
    "wilt", "willen", "is", "ben", "bent", "was", "waren", "heb", "hebt", "heeft", "hebben",
    "had", "wordt", "worden", "werd", "met", "van", "voor", "op", "in", "aan", "naar", "over",
    "bij", "uit", "om", "door", "tot", "als", "dan", "niet", "geen", "ook", "nog", "wel", "er",
    "dat", "dit", "deze", "die", "zo", "heel", "erg", "meer", "alsjeblieft", "alstublieft",
    "graag", "bedankt", "dank", "hallo", "help", "helpen", "leg", "uitleggen", "schrijf",
    "schrijven", "geef", "geven", "vertel", "vertellen", "iets", "iemand", "manier", "stap",
    "vraag", "advies", "tips", "beste", "mogelijk", "even", "eens", "hier", "daar", "nu",
    "vandaag", "zich", "maak", "creëer", "ontwerp", "genereer", "stel", "ontwikkel", "beschrijf",
};

/* Danish */
static const char *const w_da[] = {
    "blive", "være", "kommer", "sæt", "læg", "vis", "find", "jeg", "du", "han", "hun", "den",
    "det", "vi", "de", "mig", "dig", "os", "jer", "dem", "min", "mit", "mine", "din", "dit",
    "dine", "sin", "sit", "vores", "jeres", "deres", "en", "et", "og", "eller", "hvordan",
    "hvad", "hvem", "hvor", "hvorfor", "hvornår", "hvilken", "hvilket", "hvilke", "kan",
    "kunne", "vil", "ville", "skal", "skulle", "må", "er", "var", "har", "havde", "bliver",
    "blev", "med", "af", "til", "fra", "på", "om", "for", "ved", "over", "under", "efter",
    "som", "ikke", "også", "meget", "mere", "at", "så", "venligst", "tak", "hej", "hjælp",
    "hjælpe", "forklar", "skriv", "giv", "fortæl", "noget", "nogen", "måde",
};

/* Norwegian (Bokmål and Nynorsk) */
static const char *const w_no[] = {
    "bli", "blir", "være", "vere", "ute", "inne", "opp", "ned", "kommer", "sett", "legg", "vis",
    "finn", "jeg", "eg", "du", "han", "hun", "den", "det", "vi", "me", "dere", "de", "meg",
    "deg", "oss", "dem", "min", "mitt", "mine", "din", "ditt", "dine", "vår", "vårt", "våre",
    "en", "ei", "et", "og", "eller", "hvordan", "korleis", "kva", "hva", "hvem", "kven", "hvor",
    "kvar", "hvorfor", "kvifor", "når", "hvilken", "hvilket", "hvilke", "kan", "kunne", "vil",
    "ville", "skal", "skulle", "må", "er", "var", "har", "hadde", "ble", "vart", "med", "av",
    "til", "fra", "frå", "på", "om", "for", "ved", "over", "etter", "som", "ikke", "ikkje",
    "også", "òg", "veldig", "mer", "meir", "at", "så", "vennligst", "takk", "hei", "hjelp",
    "hjelpe", "forklar", "skriv", "gi", "gje", "fortell", "noe", "noko", "noen", "nokon", "måte",
};

/* Swedish */
static const char *const w_sv[] = {
    "bli", "vara", "kommer", "sätt", "lägg", "visa", "hitta", "jag", "du", "han", "hon", "den",
    "det", "vi", "ni", "de", "mig", "mej", "dig", "oss", "er", "dem", "min", "mitt", "mina",
    "din", "ditt", "dina", "vår", "en", "ett", "och", "eller", "hur", "vad", "vem", "var",
    "varför", "när", "vilken", "vilket", "vilka", "kan", "kunde", "vill", "skulle", "ska",
    "måste", "är", "har", "hade", "blir", "blev", "med", "av", "till", "från", "på", "om",
    "för", "vid", "efter", "som", "inte", "också", "mycket", "mer", "att", "så", "snälla",
    "tack", "hej", "hjälp", "hjälpa", "förklara", "skriv", "ge", "berätta", "något", "någon",
};

/* Polish */
static const char *const w_pl[] = {
    "instrukcje", "szczegółowe", "szczegółowo", "użyć", "używać", "ja", "ty", "on", "ona",
    "ono", "my", "wy", "oni", "one", "mnie", "mi", "mną", "cię", "ci", "tobie", "go", "jej",
    "ich", "im", "nam", "nas", "mój", "moja", "moje", "moi", "moich", "mojego", "mojej", "twój",
    "twoja", "swój", "swoja", "swoje", "się", "jak", "co", "kto", "gdzie", "dlaczego", "czemu",
    "kiedy", "który", "która", "które", "którzy", "jaki", "jaka", "jakie", "jakich", "czy",
    "mogę", "możesz", "może", "możemy", "można", "mógłbyś", "mogłabyś", "mógłby", "chcę",
    "chciałbym", "chciałabym", "potrzebuję", "muszę", "trzeba", "jest", "są", "być", "był",
    "była", "było", "mam", "masz", "ma", "mają", "i", "a", "lub", "albo", "ale", "że", "żeby",
    "aby", "w", "we", "na", "z", "ze", "do", "od", "o", "po", "przy", "dla", "bez", "nad",
    "przez", "za", "nie", "tak", "też", "także", "już", "jeszcze", "bardzo", "więcej", "to",
    "ten", "ta", "te", "tego", "tej", "tym", "proszę", "dziękuję", "cześć", "pomóż", "pomóc",
    "pomocy", "pomoc", "wyjaśnij", "wytłumacz", "napisz", "napisać", "daj", "podaj", "powiedz",
    "opisz", "coś", "ktoś", "sposób", "krok", "pytanie", "porada", "najlepszy", "najlepsze",
    "najlepiej", "jakiś", "jakieś", "utwórz", "stwórz", "stworzyć", "zaprojektuj", "wygeneruj",
    "opracuj", "przygotuj", "sporządź", "zredaguj",
};

/* Lithuanian */
static const char *const w_lt[] = {
    "aš", "tu", "jis", "ji", "mes", "jūs", "jie", "jos", "mane", "tau", "tave", "jam", "jai",
    "mums", "jums", "mano", "tavo", "savo", "jo", "kaip", "kas", "kur", "kodėl", "kada", "koks",
    "kokia", "kokie", "kuris", "kuri", "ar", "ir", "arba", "su", "be", "iš", "į", "apie", "už",
    "per", "nuo", "iki", "po", "prie", "dėl", "tai", "šis", "ši", "tas", "ta", "yra", "buvo",
    "bus", "esu", "galiu", "gali", "galite", "galėtum", "noriu", "reikia", "nori", "ne", "nėra",
    "taip", "pat", "labai", "daugiau", "prašau", "ačiū", "sveiki", "labas", "padėk", "padėti",
    "paaiškink", "parašyk", "duok", "pasakyk", "kažką", "būdas",
};

/* Serbian (Latin and Cyrillic) */
static const char *const w_sr[] = {
    "će", "ću", "ćeš", "ćemo", "ćete", "ja", "ti", "on", "ona", "ono", "mi", "vi", "oni", "me",
    "mene", "te", "tebe", "nas", "vas", "moj", "moja", "moje", "tvoj", "tvoja", "kako", "šta",
    "sta", "ko", "gde", "gdje", "zašto", "zasto", "kada", "kad", "koji", "koja", "koje", "da",
    "li", "i", "ili", "ali", "u", "na", "sa", "s", "za", "od", "do", "o", "iz", "po", "je",
    "su", "sam", "si", "smo", "ste", "biti", "bila", "mogu", "možeš", "možete", "može", "hoću",
    "želim", "trebam", "treba", "ne", "nije", "nisu", "to", "ovo", "taj", "ta", "molim",
    "hvala", "zdravo", "pomozi", "pomoć", "objasni", "napiši", "daj", "reci", "nešto", "neko",
    "način", "ја", "ти", "он", "она", "ми", "ви", "они", "ме", "мене", "мени", "те", "тебе",
    "нас", "вас", "мој", "моја", "моје", "твој", "како", "шта", "ко", "где", "зашто", "када",
    "кад", "који", "која", "које", "да", "ли", "и", "или", "али", "у", "на", "са", "с", "за",
    "од", "до", "о", "из", "по", "је", "су", "сам", "си", "смо", "сте", "могу", "можеш",
    "можете", "може", "желим", "треба", "не", "није", "то", "ово", "молим", "хвала", "здраво",
    "помози", "објасни", "напиши", "дај", "реци", "нешто", "начин",
};

/* Ukrainian */
static const char *const w_uk[] = {
    "можеш", "можете", "мені", "мене", "потрібно", "треба", "хочу", "допоможи", "допоможіть",
    "допомогти", "поясни", "поясніть", "напиши", "напишіть", "склади", "дай", "зроби", "як",
    "що", "який", "яка", "чому", "будь", "ласка", "про", "для", "з", "і", "й", "в", "у", "на",
    "до", "не", "це", "мій", "моя", "мої", "я", "ти", "щось", "спосіб", "просто", "простими",
    "швидке", "питання", "крок", "порада", "розумію", "знаю", "дякую", "привіт",
};

/* Russian */
static const char *const w_ru[] = {
    "можешь", "мне", "меня", "нужно", "надо", "помоги", "помогите", "помочь", "объясни",
    "объясните", "напишите", "составь", "сделай", "как", "что", "какой", "какая", "почему",
    "пожалуйста", "о", "об", "с", "и", "это", "мой", "мои", "ты", "то", "способ", "быстрый",
    "вопрос", "шаг", "совет", "понимаю", "спасибо", "привет", "бы", "мог", "всего", "проще",
    "вот", "использовать", "используя", "сделать", "получить", "создать", "написать",
    "инструкции", "подробные", "подробно", "я", "вы", "он", "она", "мы", "они", "его", "её",
    "их", "нам", "вам", "нас", "вас", "твой", "наш", "ваш", "свой", "в", "на", "к", "по", "у",
    "из", "от", "для", "за", "до", "при", "про", "без", "не", "ни", "но", "а", "или", "да",
    "так", "также", "если", "чтобы", "где", "когда", "кто", "зачем", "какие", "каких", "какое",
    "можно", "может", "могу", "можете", "хочу", "хотел", "хотела", "нужен", "нужна", "есть",
    "был", "была", "было", "быть", "является", "этот", "эта", "эти", "этого", "того", "который",
    "которая", "которые", "себя", "свою", "своей", "ли", "же", "уже", "ещё", "еще", "очень",
    "более", "самый", "лучший", "расскажи", "расскажите", "подскажи", "подскажите", "дай",
    "дайте", "покажи", "скажи", "скажите", "опиши", "опишите", "чего", "чем", "чём", "создай",
    "создайте", "сгенерируй", "разработай", "разработайте", "придумай",
};

/* Kazakh */
static const char *const w_kk[] = {
    "мен", "сен", "сіз", "ол", "біз", "сендер", "сіздер", "олар", "маған", "саған", "сізге",
    "менің", "сенің", "сіздің", "оның", "қалай", "не", "кім", "қайда", "неге", "қашан",
    "қандай", "қай", "және", "немесе", "бірақ", "үшін", "туралы", "бұл", "сол", "осы", "бар",
    "жоқ", "емес", "керек", "болады", "ма", "ме", "ба", "бе", "па", "пе", "өтінемін", "рахмет",
    "сәлем", "көмектес", "түсіндір", "жаз", "бер", "айт", "бір",
};

/* Turkish */
static const char *const w_tr[] = {
    "bana", "benim", "lütfen", "yardım", "yardımcı", "eder", "misin", "mısın", "musun", "müsün",
    "olur", "olabilir", "yaz", "yazar", "yazabilir", "açıkla", "açıklar", "nasıl", "ne",
    "neden", "hangi", "için", "ile", "ve", "bir", "bu", "şu", "çok", "istiyorum", "ihtiyacım",
    "var", "yok", "hakkında", "kısa", "basit", "basitçe", "soru", "adım", "tavsiye",
    "anlamıyorum", "bilmiyorum", "teşekkürler", "merhaba", "sen", "ben", "mi", "mı", "mu", "mü",
    "de", "da", "şunu", "şey", "konuda", "olduğu",
};

/* Indonesian */
static const char *const w_id[] = {
    "sebuah", "seorang", "suatu", "para", "saya", "aku", "kamu", "anda", "dia", "kami", "kita",
    "mereka", "ku", "mu", "nya", "apa", "apakah", "bagaimana", "mengapa", "kenapa", "siapa",
    "dimana", "di", "mana", "kapan", "berapa", "yang", "dan", "atau", "tetapi", "tapi",
    "dengan", "untuk", "dari", "ke", "pada", "dalam", "tentang", "ini", "itu", "ada", "adalah",
    "bisa", "dapat", "bisakah", "dapatkah", "mau", "ingin", "perlu", "harus", "akan", "sudah",
    "belum", "tidak", "tak", "bukan", "juga", "lagi", "sangat", "lebih", "tolong", "mohon",
    "terima", "kasih", "halo", "bantu", "bantuan", "jelaskan", "tuliskan", "tulis", "berikan",
    "beri", "katakan", "sesuatu", "seseorang", "cara", "langkah", "pertanyaan", "saran", "buat",
    "buatkan",
};

/* Yoruba */
static const char *const w_yo[] = {
    "ń", "tí", "ní", "sì", "ó", "ò", "máa", "maa", "yóò", "yoo", "wá", "rii", "daju",
    "munadoko", "laisi", "julọ", "igbese", "igbesẹ", "nipasẹ", "imọran", "iranlọwọ", "gbigba",
    "ilana", "alaye", "apejuwe", "mo", "ni", "ti", "se", "ṣe", "ṣé", "bawo", "báwo", "kini",
    "kí", "ki", "ati", "àti", "tabi", "tàbí", "fún", "si", "sí", "mi", "wa", "rẹ", "re", "yin",
    "won", "wọn", "jẹ", "je", "jọwọ", "jowo", "bi", "bí", "lati", "láti", "ninu", "nínú", "pe",
    "pé", "yii", "yìí", "naa", "náà", "kan", "ohun", "nkan", "le", "lè", "fẹ", "fẹ́", "ran",
    "ràn", "lọwọ", "emi", "èmi", "iwo", "ìwọ", "oun", "òun", "awa", "àwa", "eyi", "èyí", "kò",
    "ko", "ṣugbọn", "sugbon", "nitori", "nítorí", "bayi", "daradara", "awọn", "àwọn", "lori",
    "lórí", "pẹlu", "nipa", "sọ", "kọ", "ṣẹda", "pese", "ọna", "iru", "gbogbo",
};

/* Korean (whole words, particles attached) */
static const char *const w_ko[] = {
    "어떻게", "무엇", "무엇인가요", "뭐", "왜", "언제", "어디", "어디서", "누가", "누구", "어떤", "무슨", "수", "있나요",
    "있습니까", "있을까요", "있는", "있어요", "있다", "없나요", "할", "하는", "하나요", "합니까", "해", "해주세요", "해줘", "주세요",
    "줘", "알려주세요", "알려줘", "알려", "설명해", "설명해주세요", "설명해줘", "써", "써줘", "써주세요", "작성해", "작성해줘",
    "작성해주세요", "작성하세요", "작성", "만들어", "만들어줘", "만들어주세요", "만드세요", "도와주세요", "도와줘", "도움", "제발",
    "부탁합니다", "부탁해요", "감사합니다", "안녕하세요", "저", "저는", "제", "제가", "나", "나는", "내", "내가", "너", "당신",
    "당신은", "우리", "이", "그", "이것", "그것", "것", "것은", "것이", "및", "또는", "그리고", "하지만", "대해", "대한",
    "위한", "위해", "방법", "방법은", "방법을", "좀", "정말", "가장", "더", "하고", "싶어요", "싶습니다", "싶은", "있게",
    "되나요", "되는", "됩니까", "인가요", "입니까", "인지", "하세요", "하십시오", "주십시오",
};

/* Arabic */
static const char *const w_ar[] = {
    "هل", "يمكنك", "ممكن", "أريد", "اريد", "أحتاج", "احتاج", "ساعدني", "اشرح", "اكتب", "كيف",
    "ما", "ماذا", "لماذا", "من", "في", "على", "إلى", "الى", "عن", "مع", "و", "أو", "لا", "هذا",
    "هذه", "لي", "بشكل", "طريقة", "سؤال", "خطوة", "نصيحة", "أفهم", "أعرف", "شكرا", "مرحبا",
    "أن", "ان", "حول", "بسيط", "بسيطة", "من فضلك", "فضلك", "دون", "بدون", "يتم", "حتى", "كما",
    "عبر", "خلال", "تعليمات", "مفصلة", "أنا", "انا", "أنت", "انت", "أنتم", "هو", "هي", "نحن",
    "هم", "كيفية", "يمكن", "يمكنني", "أستطيع", "استطيع", "يجب", "أي", "اي", "التي", "الذي",
    "الذين", "ذلك", "تلك", "هناك", "كان", "كانت", "يكون", "لم", "لن", "قد", "ثم", "بين", "إن",
    "إذا", "اذا", "كل", "بعض", "عند", "لكن", "أيضا", "ايضا", "جدا", "رجاء", "أرجو", "ارجو",
    "اعطني", "أعطني", "اخبرني", "أخبرني", "قل", "لك", "لكم", "به", "بها", "له", "لها", "شيء",
    "ماهي", "ماهو", "أنشئ", "انشئ", "صمم", "قم", "بإنشاء", "بكتابة", "طور", "اقترح", "صف",
};

/* Hindi */
static const char *const w_hi[] = {
    "मुझे", "मेरे", "मेरा", "मेरी", "क्या", "आप", "तुम", "कैसे", "क्यों", "कृपया", "मदद",
    "करें", "करो", "कर", "सकते", "सकती", "सकता", "हैं", "है", "हूं", "हूँ", "चाहिए", "चाहता",
    "चाहती", "लिखो", "लिखें", "समझाओ", "समझाइए", "बताओ", "बताइए", "के", "की", "का", "को", "में",
    "से", "पर", "और", "या", "नहीं", "यह", "एक", "लिए", "बारे", "तरीका", "आसान", "सवाल", "कदम",
    "सलाह", "धन्यवाद", "नमस्ते", "दो", "दें",
};

/* Armenian */
static const char *const w_hy[] = {
    "կարող", "ես", "եք", "եմ", "է", "ինձ", "իմ", "օգնիր", "օգնեք", "օգնել", "բացատրիր",
    "բացատրեք", "գրիր", "գրեք", "տուր", "ինչպես", "ինչ", "ինչու", "որ", "որը", "խնդրում",
    "համար", "մասին", "և", "կամ", "չեմ", "ոչ", "այս", "մի", "պետք", "ուզում", "հարց", "քայլ",
    "խորհուրդ", "շնորհակալություն", "բարև",
};

/* Georgian */
static const char *const w_ka[] = {
    "შეგიძლია", "შეგიძლიათ", "დამეხმარე", "დამეხმარეთ", "მინდა", "მჭირდება", "ამიხსენი",
    "ამიხსენით", "დაწერე", "დამიწერე", "მომეცი", "როგორ", "რა", "რატომ", "რომელი", "გთხოვ",
    "გთხოვთ", "შესახებ", "და", "ან", "არ", "ეს", "ჩემი", "მე", "შენ", "არის", "კითხვა",
    "რომელიც", "ამას", "ეხება", "რჩევა", "მესმის", "ვიცი", "მადლობა", "გამარჯობა",
};

/* Afrikaans */
static const char *const w_af[] = {
    "kan", "jy", "u", "my", "asseblief", "nodig", "wil", "verduidelik", "skryf", "gee", "maak",
    "hoe", "wat", "waarom", "hoekom", "watter", "oor", "vir", "met", "en", "of", "nie", "die",
    "n", "is", "ek", "dit", "iets", "manier", "maklik", "eenvoudig", "vinnige", "vraag", "stap",
    "raad", "verstaan", "weet", "dankie", "hallo", "het", "moet", "eerste", "vra",
};

/* Function words of a language that are also common English topic words ("man" is
 * German "one", "ai" French "have", "fun" Yoruba "for"): frames only in a document known
 * to be in that language. Code, then its words. */
static const char *const collisions[][8] = {
    {"de", "man", "war", "hat", "bin"}, {"nl", "men"}, {"fr", "ai", "son"},
    {"it", "ai", "fare"}, {"es", "son", "todo"}, {"lt", "bet", "man"},
    {"da", "men"}, {"no", "men", "lag"}, {"nb", "men", "lag"}, {"nn", "men", "lag"},
    {"sv", "men"}, {"pl", "pod"}, {"sr", "bio"}, {"yo", "fun"},
};

typedef struct lang_table {
    const char *code;
    const char *const *words;
    size_t n;
} lang_table;

#define LANG(c) {#c, w_##c, sizeof w_##c / sizeof *w_##c}
static const lang_table tables[] = {
    LANG(en),
    LANG(es),
    LANG(fr),
    LANG(pt),
    LANG(ca),
    LANG(it),
    LANG(de),
    LANG(nl),
    LANG(da),
    LANG(no),
    LANG(sv),
    LANG(pl),
    LANG(lt),
    LANG(sr),
    LANG(uk),
    LANG(ru),
    LANG(kk),
    LANG(tr),
    LANG(id),
    LANG(yo),
    LANG(ko),
    LANG(ar),
    LANG(hi),
    LANG(hy),
    LANG(ka),
    LANG(af),
};

/* Chinese characters that carry grammar, not topic (Japanese kanji read alike). */
static const char han_function[] =
    "我你您他她它们的了是在吗呢吧啊请帮能可以怎么如何为什么这那个和把给不要想一下有没就都也很还需"
    "写何私样告诉否";

/* Han n-grams of request frames whose characters also carry topics elsewhere ("方法" is
 * "the way to", but 法 is law): matched whole. */
static const char *const han_frames[] = {
    "方法", "作成", "创建", "编写", "撰写", "生成", "教え", "下さ", "提供", "描述", "解释", "説明",
};

/* Thai is written without spaces: an n-gram inside one of these words is grammar or a
 * request frame (I, you, how, can, please, write, create, of, that, and, in, is, way). */
static const char *const thai_frames[] = {
    "ฉัน", "ผม", "คุณ", "อย่างไร", "ได้", "ไหม", "อะไร", "ทำไม", "ช่วย", "หน่อย", "ครับ",
    "ค่ะ", "คะ", "การ", "ที่", "และ", "ของ", "ใน", "เป็น", "มี", "จะ", "ให้", "วิธี", "เขียน",
    "สร้าง", "ออกแบบ", "เกี่ยวกับ", "หรือ", "กับ", "สำหรับ", "นี้", "นั้น", "โปรด", "กรุณา",
};

static const char **sorted;
static size_t n_sorted;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Every language's table in one sorted array (a word in two tables is there twice). */
static void build(void)
{
    size_t n = 0;
    for (size_t t = 0; t < sizeof tables / sizeof *tables; t++)
        n += tables[t].n;
    sorted = malloc(n * sizeof *sorted);
    if (!sorted)
        return;
    for (size_t t = 0; t < sizeof tables / sizeof *tables; t++) {
        memcpy(sorted + n_sorted, tables[t].words, tables[t].n * sizeof *sorted);
        n_sorted += tables[t].n;
    }
    qsort(sorted, n_sorted, sizeof *sorted, cmp_str);
}

static size_t encode(uint32_t c, char *out)
{
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (char)(0xC0 | (c >> 6));
        out[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (char)(0xE0 | (c >> 12));
        out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (c >> 18));
    out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

/* cp[0..len) as UTF-8 into w (room for 4 * len + 1 bytes). */
static void encode_all(const uint32_t *cp, size_t len, char *w)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += encode(cp[i], w + n);
    w[n] = 0;
}

bool kl_stopword_is_frame(const uint32_t *cp, size_t len)
{
    char w[128];
    if (len == 0 || len > 30)
        return false;
    encode_all(cp, len, w);
    pthread_once(&once, build);
    const char *key = w;
    return bsearch(&key, sorted, n_sorted, sizeof *sorted, cmp_str) != NULL;
}

static bool is_hiragana(uint32_t c)
{
    return c >= 0x3041 && c <= 0x309F;
}

bool kl_stopword_is_frame_in(const uint32_t *cp, size_t len, const char *lang)
{
    if (kl_stopword_is_frame(cp, len))
        return true;
    if (!lang || len == 0 || len > 30)
        return false;
    char w[128];
    encode_all(cp, len, w);
    for (size_t i = 0; i < sizeof collisions / sizeof *collisions; i++)
        if (strcmp(collisions[i][0], lang) == 0)
            for (size_t j = 1; j < 8 && collisions[i][j]; j++)
                if (strcmp(collisions[i][j], w) == 0)
                    return true;
    return false;
}

bool kl_stopword_is_frame_ngram(const uint32_t *cp, size_t len)
{
    if (len == 0 || len > 8)
        return false;
    char w[40];
    encode_all(cp, len, w);
    if (cp[0] >= 0x0E00 && cp[0] <= 0x0E7F) {
        for (size_t i = 0; i < sizeof thai_frames / sizeof *thai_frames; i++)
            if (strstr(thai_frames[i], w))
                return true;
        return false;
    }
    for (size_t i = 0; i < sizeof han_frames / sizeof *han_frames; i++)
        if (strstr(w, han_frames[i]))
            return true;
    /* Hiragana at an edge: a particle or an ending ("を使", "明す"), never a topic. */
    if (is_hiragana(cp[0]) || is_hiragana(cp[len - 1]))
        return true;
    for (size_t i = 0; i < len; i++) {
        if (is_hiragana(cp[i]))
            continue;                            /* hiragana: Japanese grammar */
        char c[5];
        c[encode(cp[i], c)] = 0;
        if (cp[i] < 0x3400 || !strstr(han_function, c))
            return false;
    }
    return true;
}

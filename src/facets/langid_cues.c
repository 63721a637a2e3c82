/* langid_cues.c — function words, common request words and letters of the Latin-script
 * languages, applied on top of the n-gram costs and used to settle close relatives.
 * Short requests ("sluk alarmen", "pusti pesmu", "Wie kann ich …") are decided by such
 * words more than by their few n-grams. The lists are written for kleio from
 * grammars and dictionaries of each language: the words people use to ask an
 * assistant for something (verbs in the imperative, question words, pronouns, time
 * words) plus each language's commonest function words. A word listed for several
 * languages counts for each of them; within a cluster of close relatives (da/no/sv,
 * sr/hr, id/ms, cs/sk, pt/gl/es, nl/af) a word listed for one member only is that
 * member's marker. */
#include <stdbool.h>
#include <string.h>

#include "kleio/utf8.h"
#include "langid_profile.h"
#include "langid_tables.h"

/* Weight of the share of words that are cue words of a language, and of a letter
 * only some languages write, in the units of the n-gram cost (tuned with the weights
 * of langid.c). No language pays a prior for being rare: CLD2 votes for the
 * languages it knows, and shy relatives need markers (below). */
#define WORD_WEIGHT 2.0
#define LETTER_WEIGHT 1.2
#define SLOTS 8192u
/* Settling close relatives: a marker point (a word is 2, a spelling 2 per
 * occurrence, a letter 3) is worth MARKER_WEIGHT cost units; a shy member without the
 * most markers needs a lead of SHY_LEAD over the others. */
#define MARKER_WEIGHT 0.3
#define SHY_LEAD 1.0

struct cue_words {
    const char *code;
    const char *words; /* space separated, folded the way text is */
};

static const struct cue_words k_words[] = {
    {"en", "the and of to is are was were be been you your for with that this these those "
           "how what which who when where why can could would should will may might must "
           "do does did don doesn didn have has had my me i it its we our us they their them "
           "he she his her him not no yes in on at by from about into over under up down "
           "out off please thanks thank hi hello hey today tomorrow tonight yesterday now "
           "weather rain raining cold hot outside set play add remove delete cancel show find "
           "search turn switch remind reminder wake song songs music book write explain "
           "describe create generate provide tell make help give list need want get going "
           "there here some any much many more most other also just like know if or so than "
           "then but all every each what's whats check next stop time day week new old an a "
           "would i'm im it's let let's one two three four five six seven eight nine ten "
           "eleven twelve twenty thirty hundred am pm start open define order call lights "
           "light mute dim resume really quiet quieter louder lower raise increase decrease "
           "volume repeat disable activate enable keep done too room living food word status "
           "rate work joke say read send message text buy price ticket train news traffic "
           "meeting calendar event schedule recipe cook clean cleaner vacuum speaker "
           "speakers sound audio again back over yeah yes okay thanks good great right "
           "wrong care mind tell use"},
    {"de", "der die das und ist nicht ich sie mit für ein eine einen einem wie zu den dem "
           "des auf sich auch oder wird kann können über von im zum zur wir man du es "
           "schreibe schreiben erkläre erklären beschreibe erstelle erstellen gib in was "
           "sind welche welcher gibt meinem meine meinen meiner mein mir mich einige könnte "
           "möchte spiele spiel spielen füge hinzu lösche entferne zeige zeig finde suche "
           "stelle stell setze schalte an aus mach erinnere erinnerung wecker lied musik "
           "wetter regnet regnen heute morgen gestern jetzt kalt warm draußen draussen bitte "
           "danke hallo dein deine unser wann wo warum wer wieviel viel bis nach vor bei mit "
           "ohne nur noch schon sehr mehr alle alles dieser diese dieses aber hat habe haben "
           "bin bist wird werden "
           /* Bavarian and Austrian, then Swiss German, as people type them */
           "i mi di ma des oa oans koa ned net nix hob hod wia wos heid heit heint morgn "
           "gestan olle oiss zoag zoagt spui spuin spuid dua duad buach suach brauch dad mecht "
           "soi wead werds wearts regna renga schneibm weda wetta draußn fia füa vo zua aufm "
           "mei meina meim dei gega rum nomittog nammiddog fria friah liad liada liadl wegga "
           "wecka stundn minutn bissl glei scho "
           "isch nöd nid hüt morn gits wott wotts möcht chasch cha mini dini sini imne emne uf "
           "us bi bim wänn wätter rägne rägnet schneie chalt dusse liedli pünkt suech zeig "
           "spiu tue due dune reschi schtund nami morge öppis nüt"},
    {"nl", "de het een van niet ik je voor zijn naar mijn deze dit wordt hebben worden hoe "
           "wat kan om er ook bij uit maak schrijf geef zou kunnen leg beschrijf "
           "genereer die beste manier mensen welke welk tekst noem vertel alstublieft "
           "alsjeblieft speel zet voeg toe verwijder wis laat zien toon vind zoek stel in "
           "schakel aan herinner herinnering wekker liedje nummer muziek weer regenen regent "
           "vandaag morgen gisteren nu koud warm buiten dank bedankt hallo jouw haar onze "
           "wanneer waar waarom wie hoeveel tot na bij met zonder alleen nog al erg meer alle "
           "alles dat maar of heeft heb ben bent is en op te nummers liedjes afspeellijst"},
    {"af", "die en van is nie ek jy hy sy ons hulle my jou vir met op in na by hoe wat wie "
           "waar wanneer waarom kan sal wil moet asseblief dankie hallo vandag môre gister "
           "nou weer reën koud warm speel sit voeg verwyder wys soek vind stel herinnering "
           "wekker liedjie musiek skryf verduidelik vertel gee maak hierdie n baie kry om te "
           "dit al aan gaan het was word daar hier ook of maar as dat een twee drie alle "
           "elke meer goed net nog toe tot uit oor sonder jul julle hul haar hom iets niks "
           "iemand waarmee hoekom asb lekker goeiedag totsiens moenie kon sou gebruik help "
           "tyd dag week jaar probleem vraag"},
    {"es", "el los las del que y en por para con una un es cómo qué está sobre sus su se lo "
           "puedo escribe escribir explica explicar crea crear dame genera generar "
           "proporciona más soy tengo quiero dónde cuáles cuál algunos algunas muy pero "
           "también desde hasta dígame ayúdame escriba describir redactar paso mis "
           "hacer puede gustaría formas pon reproduce agrega añade elimina borra muestra "
           "busca enciende apaga recuérdame recordatorio canción música tiempo lloverá "
           "llueve hoy mañana ayer ahora frío calor afuera fuera reserva mesa mi tu cuándo "
           "quién por favor gracias hola a de la al"},
    {"pt", "o os as do da dos das que em um uma é não para com como você sobre seu sua ao "
           "na no pelo pela posso escreva escrever explique explicar descreva crie criar "
           "dê gere forneça eu meu minha meus quero tenho fazer também muito mas toque "
           "tocar coloque adicione adiciona apague remova mostre mostra procure busque ligue "
           "desligue lembrete canção música tempo vai chover hoje amanhã ontem agora frio "
           "calor lá fora reserve mesa onde quando quem obrigado obrigada olá por favor "
           "isso isto esse essa este esta a de e se"},
    {"gl", "o os as do da dos das que en un unha é non para con como vostede ti ao á na no "
           "polo pola pode podes quero teño facer tamén moito pero eu meu miña seu súa onde "
           "cando quen cal grazas ola hoxe mañá onte agora tempo chuvia frío calor día "
           "semana engade establece acende apaga reproduce amosa atopa busca borra cancela "
           "lembra canción música escribe explica di crea sobre despois antes só aínda xa "
           "moi máis todos isto iso ese esta este ou a de e se"},
    {"ca", "el els les del que i en per amb una un és com què sobre seu seva al la això "
           "aquest aquesta puc escriu escriure descriu dona posa reprodueix afegeix esborra "
           "elimina mostra busca cerca encén apaga recorda recordatori cançó música temps "
           "plourà plou avui demà ahir ara fred calor fora reserva taula meu meva teu teva "
           "on quan qui si us plau gràcies hola també molt però a de"},
    {"fr", "le les des du de et est un une pour avec comment que qui je vous ne pas sur "
           "dans au aux ce cette écris écrire explique expliquez décris crée créer "
           "donne génère fournis mon ma mes suis veux peux faire aussi très mais "
           "quels quelles sont il y a ai où puis tant rédiger rédigez générer concevoir "
           "joue mets ajoute supprime efface montre affiche cherche trouve allume éteins "
           "rappelle rappel réveil chanson musique météo temps pleuvoir pleut aujourd hui "
           "demain hier maintenant froid chaud dehors réserve table ton ta tes son sa ses "
           "notre votre quand quel quelle merci bonjour s'il plaît la l d qu"},
    {"it", "il lo gli del della che e è un una per con come non di sul nella alla sono "
           "questo questa posso scrivi scrivere spiega spiegare descrivi crea creare dammi "
           "genera generare fornisci fornire dimmi descrivere dare modi dei delle "
           "degli istruzioni voglio vorrei mio mia miei mie fare anche riproduci metti "
           "imposta aggiungi cancella elimina rimuovi mostra trova cerca accendi spegni "
           "ricordami promemoria sveglia canzone musica brano previsioni tempo pioverà "
           "piove oggi domani ieri adesso ora freddo caldo fuori prenota tavolo tuo tua suo "
           "sua nel nei negli alle allo al ai agli dal dalla dai da su sulla sui qual quale "
           "quali quanto quanti quando dove chi cosa perché ci si ne la le mi ti vi ha hai "
           "ho abbiamo c per favore grazie ciao l a "
           /* Neapolitan, as people type it */
           "nun cchiù dimane addò comme pecché quanno chiove fore famme dimme chistu chesta "
           "chillu chella tene tengo sunà sona miett mette pe stasera"},
    {"ro", "și în de la cu pe care este pentru un o nu să ce din sunt ești cum unde când "
           "cine eu tu el ea noi voi ei meu mea tău mie îmi mă te poți puteți pot vreau aș "
           "rog mulțumesc salut bună azi astăzi mâine ieri acum vremea vreme ploaie plouă "
           "frig cald zi săptămână lună oră minut dimineață seara adaugă setează pornește "
           "oprește redă arată găsește caută șterge anulează amintește cântec cântecul "
           "muzică muzica scrie explică spune dă creează despre după până fără doar încă "
           "deja foarte mai toate tot acest această asta acesta sau dar si sa multumesc "
           "maine astazi poti"},
    {"pl", "i w z na nie się jak to do że jest czy co dla aby oraz mogę napisz wyjaśnij "
           "opisz stwórz podaj jestem jesteś są był była będzie mój moja twój mi ci mnie "
           "ciebie kto gdzie kiedy dlaczego jaki jaka jakie który która które proszę "
           "dziękuję cześć dzisiaj dziś jutro wczoraj teraz pogoda deszcz pada zimno ciepło "
           "dzień tydzień miesiąc rok godzina minuta rano wieczorem dodaj ustaw włącz wyłącz "
           "odtwórz puść pokaż znajdź wyszukaj usuń anuluj przypomnienie przypomnij budzik "
           "piosenkę piosenka muzykę muzyka powiedz daj utwórz o po przy od bez tylko jeszcze "
           "już bardzo więcej wszystkie wszystko ten ta tego lub ale też także mam masz chcę"},
    {"tr", "ve bir bu için ile nasıl ne da de mi mı mu mü çok olan ben sen o biz siz onlar "
           "benim senin bana sana beni seni değil var yok olur oldu lütfen teşekkürler "
           "merhaba bugün yarın dün şimdi hava yağmur soğuk sıcak gün hafta ay yıl saat "
           "dakika sabah akşam gece ekle ayarla aç kapat çal oynat göster bul ara sil iptal "
           "et hatırlatıcı hatırlat şarkı şarkıyı müzik müziği yaz açıkla anlat söyle ver "
           "oluştur hakkında sonra önce kadar sadece daha zaten her hepsi şu bunu şunu ama "
           "veya kim nerede zaman neden hangi kaç kur pazartesi salı çarşamba perşembe cuma "
           "cumartesi pazar durumu verir misin musun"},
    {"az", "və bir bu üçün ilə necə nə də mi çox olan mən sən o biz siz onlar mənim sənin "
           "mənə sənə məni səni deyil var yox olar oldu zəhmət olmasa təşəkkür salam gün "
           "sabah dünən indi hava yağış soyuq isti həftə ay il saat dəqiqə səhər axşam gecə "
           "əlavə et qur aç bağla göstər tap axtar sil ləğv xatırlat mahnı musiqi yaz izah "
           "de ver yarat haqqında sonra əvvəl qədər yalnız daha artıq hər hamısı amma kim "
           "harada vaxt niyə hansı neçə"},
    {"uz", "va bir bu uchun bilan qanday nima ham mi juda men sen u biz siz ular mening "
           "sening menga senga meni seni emas bor iltimos rahmat salom bugun ertaga kecha "
           "hozir sovuq issiq kun hafta oy yil soat daqiqa ertalab kechqurun kechasi top "
           "qidir bekor eslatma musiqa yoz tushuntir ayt ber yarat haqida keyin oldin faqat "
           "yana hamma lekin yoki kim qayerda qachon nega qaysi nechta kerak qiling"},
    {"yo", "ti ni si awọn ati fun lati bi kan o mo ṣe ẹ wa a nipa kọ pe ninu lori tabi ṣugbọn "
           "bawo kini jọwọ mi rẹ wọn eyi naa ọna le yoo gbogbo ki ko nkan eniyan ọrọ fi "
           "ṣalaye sọ fun mi"},
    {"sv", "och att det som är för en ett med på jag inte hur vad den de du vi han hon man "
           "till av från om har ha kan ska skall vill kunna måste mig dig sig oss er min "
           "mitt mina din ditt dina sin sitt sina vår vårt våra varför när vilken vilka vem "
           "nu här där också mycket mer något någon några alla efter före under över ut upp "
           "in igen bara bli blir blev varit vara dag dagar vecka veckan månad år tid morgon "
           "kväll natt idag imorgon vädret väder regn regna snö kallt varmt sätt lägg ta "
           "bort radera stäng slå spela visa hitta ge påminnelse påminn hjälp hjälpa berätta "
           "skriv förklara gör göra köp boka bord tack snälla låt låten musik nyheter "
           "biljett resa hej spellista nästa väldigt i"},
    {"da", "og at det som er for en et med på jeg ikke hvordan hvad den de du vi han hun "
           "man til af fra om har have kan skal vil ville kunne må mig dig sig os jer min "
           "mit mine din dit dine sin sit sine vores jeres hvor hvorfor hvornår hvilken "
           "hvilke hvem nu her der også meget mere noget nogen nogle alle efter før under "
           "over ud op ind hen igen bare lige kun godt dag dage uge ugen måned år tid morgen "
           "aften nat i dag vejret vejr regn regne sne koldt varmt sæt sætte læg lægge slet "
           "sluk tænd spil spille afspil vis find giv tilføj fjern påmind påmindelse "
           "påmindelsen hjælp hjælpe fortæl skriv forklar lav lave gør gøre køb bestil bord "
           "tak venligst sang sange musik nyheder billet rejse bliver blev været være hej "
           "næste afspilningsliste vækkeur påmindelser annullér anullér bruge bruger brug tage "
           "eftermiddag eftermiddagen medicin klokken give point weekend tættest spiller"},
    {"no", "og at det som er for en et ei med på jeg ikke hvordan hva den de du vi han hun "
           "man til av fra om har ha kan skal vil ville kunne må meg deg seg oss dere min "
           "mitt mine din ditt dine sin sitt sine vår vårt våre hvor hvorfor når hvilken "
           "hvilke hvem nå her der også mye mer noe noen alle etter før under over ut opp "
           "inn igjen bare dag dager uke uka måned år tid morgen kveld natt i dag været vær "
           "regn regne snø kaldt varmt sett sette legg legge slett slå skru spill spille vis "
           "finn gi fjern påminnelse påminnelsen hjelp hjelpe fortell skriv forklar lag lage "
           "gjør gjøre kjøp bestill bord takk vennligst sang sangen sanger låt låta låten "
           "musikk nyheter billett reise hei spilleliste spillelista neste veldig blir ble "
           "vært være klokka klokken vekkerklokke eg ikkje kva korleis kor kven me dykk vere "
           "heim berre mykje noko nokon frå sjå gjere ein eit dei ho kvifor ka kem mæ dæ sæ "
           "æ itj åssen kordan te no å bli ska påminnelser avbryt bruke bruker ta "
           "ettermiddag ettermiddagen medisin regna koss kossen mi poeng gje gi slumre helg "
           "helgen spiller"},
    {"fi", "ja on ei se että kuinka miten mikä mitä kuka missä milloin miksi minä sinä hän "
           "me te he minun sinun oma minulle sinulle minua ole olla voi voitko voisitko "
           "haluan kiitos hei moi tänään huomenna eilen nyt sää sataa sade kylmä lämmin "
           "päivä viikko kuukausi vuosi tunti minuutti aamulla illalla yöllä lisää aseta "
           "laita sammuta soita näytä etsi hae poista peruuta muistutus muistuta herätys "
           "kappale laulu musiikki musiikkia kirjoita selitä kerro anna luo tee kanssa mutta "
           "tai kun jos myös vielä jo hyvin erittäin enemmän kaikki tämä tuo ovat oli olen "
           "olet"},
    {"et", "ja on et see mis kuidas kas kus millal miks ma mina sa sina ta tema me meie te "
           "teie nad minu sinu oma mulle sulle mind ei pole ole saab saad võiksid tahan "
           "palun aitäh tere täna homme eile nüüd ilm ilma vihma külm soe päev nädal kuu "
           "aasta tund minut hommikul õhtul öösel lisa määra lülita mängi näita leia otsi "
           "kustuta tühista meeldetuletus meenuta äratus laul laulu muusika muusikat "
           "kirjuta selgita räägi anna loo kohta ka veel juba väga rohkem kõik seda too "
           "ning või aga kui"},
    {"lt", "ir yra kad su į iš ar kaip kas koks kokia kur kada kodėl aš tu jis ji mes jūs "
           "jie mano tavo savo man tau mane tave ne nėra bus buvo gali galite galėtum noriu "
           "norėčiau prašau ačiū labas šiandien rytoj vakar dabar oras orai lietus lis "
           "šalta šilta diena dienos savaitė mėnuo metai valanda valandą minutė rytą vakare "
           "naktį pridėk pridėti nustatyk nustatyti įjunk išjunk paleisk grok groti rodyk "
           "parodyk rask surask ieškok ištrink atšauk panaikink priminimą priminimas "
           "priminti žadintuvą žadintuvas daina dainą dainos muzika muziką grojaraštį "
           "grojaraštis parašyk paaiškink pasakyk duok sukurk apie per prie po nuo iki už be "
           "tik dar jau labai daugiau visi visas šį šis tas ta šios visus priminimus "
           "priminimai karšta karšto lauke"},
    {"lv", "un ir ka ar uz no par kā kas kur kad kāpēc es tu viņš viņa mēs jūs viņi mans "
           "mana tavs savs man tev mani nav būs bija var varat gribu vēlos lūdzu paldies "
           "sveiki šodien rīt vakar tagad laiks laikapstākļi lietus auksti silti diena "
           "nedēļa mēnesis gads stunda minūte rītā vakarā naktī pievieno iestati ieslēdz "
           "izslēdz atskaņo parādi atrodi meklē izdzēs atcel atgādinājums atgādini "
           "modinātājs dziesma dziesmu mūzika mūziku uzraksti paskaidro pastāsti dod izveido "
           "pie pēc līdz bez tikai vēl jau ļoti vairāk visi visu šo šis tas tā"},
    {"cs", "a je se na že jak pro to které který která co kdo kde kdy proč já ty on ona my "
           "vy oni můj moje tvůj svůj mi ti mě tě mně ne není nejsem bude byl byla můžeš "
           "můžete mohu chci prosím děkuji ahoj dnes zítra včera teď počasí déšť prší zima "
           "teplo den týden měsíc rok hodina minuta ráno večer noc přidej nastav zapni "
           "vypni přehraj pusť ukaž najdi vyhledej smaž zruš připomínku připomínka připomeň "
           "budík písničku píseň hudbu hudba napiš vysvětli řekni dej vytvoř o po při od do "
           "bez jen ještě už velmi více všechny všechno tento tato toto ten jsem jsi jsou "
           "bych by nebo ale také taky jaké jaký jaká v z"},
    {"sk", "a je sa na že ako pre to ktoré ktorý ktorá čo kto kde kedy prečo ja ty on ona "
           "my vy oni môj moje tvoj svoj mi ti ma ťa mne nie som bude bol bola môžeš "
           "môžete môžem chcem prosím ďakujem ahoj dnes zajtra včera teraz počasie dážď "
           "prší zima teplo deň týždeň mesiac rok hodina minúta ráno večer noc pridaj "
           "nastav zapni vypni prehraj pusti ukáž nájdi vyhľadaj vymaž zruš pripomienku "
           "pripomienka pripomeň budík pesničku pieseň hudbu hudba napíš vysvetli povedz daj "
           "vytvor o po pri od do bez len ešte už veľmi viac všetky všetko tento táto toto "
           "ten si sú by alebo ale tiež aké aký aká v z"},
    {"sl", "in je se na da kako za to ki kateri katera kaj kdo kje kdaj zakaj jaz ti on "
           "ona mi vi oni moj moja tvoj svoj me te ni ne bo bil bila lahko morem moreš "
           "želim hočem prosim hvala živjo zdravo danes jutri včeraj zdaj vreme dež mraz "
           "toplo dan teden mesec leto ura minuta zjutraj zvečer ponoči dodaj nastavi "
           "vklopi izklopi predvajaj pokaži najdi poišči izbriši prekliči opomnik opomni "
           "budilka pesem pesmi glasba glasbo napiši razloži povej daj ustvari o po pri od "
           "do brez samo še že zelo več vsi vse ta tisto sem si smo ste so bi ali pa tudi "
           "v z"},
    {"hr", "i je se na da kako za to koji koja koje što tko gdje kada kad zašto ovdje tamo "
           "vrijeme vremena sutra danas jučer kiša hladno toplo molim možeš možete mogu "
           "hoću želim trebam bih bi mi ti on ona vi oni moj moja moje tvoj sve nije nisam "
           "ne ima imam pjesmu pjesma pjesme glazbu glazba budilicu budilica podsjetnik "
           "podsjetnika podsjeti postavi namjesti uključi isključi pusti reproduciraj dodaj "
           "izbriši obriši otkaži pokaži nađi pronađi napiši objasni reci daj tjedan tjedna "
           "mjesec godina sat sati minuta jutro večer noć uvijek nikad lijepo lijep dobro "
           "hvala bok sljedeći sljedeću sljedeće nešto netko ništa tisuća vlak kazalište "
           "kruh kava računalo povijest nogomet li od do u iz s sa o po uz kod prema "
           "vani zrakoplov kolovoz rujan listopad studeni prosinac siječanj veljača ožujak "
           "travanj svibanj lipanj srpanj gdje sljedeci sutra"},
    {"sr", "i je se na da kako za to koji koja koje šta što ko gde kada kad zašto ovde tamo "
           "vreme vremena sutra danas juče kiša hladno toplo molim možeš možete mogu hoću "
           "želim treba bih bi mi ti on ona vi oni moj moja moje tvoj sve nije nisam ne ima "
           "imam pesmu pesma pesme muziku muzika budilnik podsetnik podsetnika podseti podesi "
           "namesti uključi isključi pusti dodaj izbriši obriši otkaži pokaži nađi pronađi "
           "napiši objasni reci daj nedelja nedelju nedelje mesec godina sat sati minut "
           "minuta jutro veče noć uvek nikad lepo lep dobro hvala ćao sledeći sledeću sledeće "
           "nešto neko ništa hiljada hiljadu voz pozorište hleb kafa računar kompjuter "
           "istorija fudbal li od do u iz s sa o po uz kod prema plejlistu plejlista "
           "avgust septembar oktobar novembar decembar januar februar mart april maj jun jul "
           "sta sledece sledeci cao uvek gde ovde pesmu reci mozes hocu zelim"},
    {"hu", "a az és hogy nem egy van volt lesz is meg de ha mint mi mit ki hol mikor miért "
           "hogyan milyen melyik én te ő ti ők nekem neked engem téged nincs lehet tudsz "
           "tudna szeretném kérem kérlek köszönöm szia ma holnap tegnap most időjárás eső "
           "esik hideg meleg nap hét hónap év óra perc reggel este éjjel add adj hozzá "
           "állíts kapcsold be ki játszd játssz mutasd keresd keress töröld emlékeztető "
           "emlékeztess ébresztő dal dalt zene zenét írj írd magyarázd mondd hozz létre "
           "készíts csak még már nagyon több minden ez ezt azt vannak lenne"},
    {"id", "dan yang untuk dengan di ini itu dari cara apa bagaimana saya aku kamu anda dia "
           "kami kita mereka tidak tak bisa bisakah akan sudah belum ada adalah ke pada juga "
           "atau tapi tetapi karena jika kalau sangat lebih hari besok kemarin sekarang "
           "nanti jam menit detik minggu bulan tahun pagi siang sore malam cuaca hujan "
           "dingin panas tolong silakan mohon putar mainkan setel atur pasang nyalakan "
           "matikan hapus batalkan tambahkan tambah tampilkan tunjukkan cari carikan beri "
           "berikan tulis tuliskan jelaskan buat buatkan pesan lagu musik daftar pengingat "
           "ingatkan apakah berapa kapan dimana mana siapa mengapa kenapa gimana nggak gak "
           "enggak aja saja mau ingin uang mobil kantor film bioskop terima kasih semua "
           "tentang bagi oleh seperti harus dapat boleh apa ada akan luar perlu sebuah "
           "tetapkan peringatan pukul sekitar salju lokasi turun miliki memiliki akankah"},
    {"ms", "dan yang untuk dengan di ini itu dari cara apa bagaimana saya aku awak anda dia "
           "kami kita mereka tidak tak boleh bolehkah akan sudah belum ada adalah ialah ke "
           "pada juga atau tapi tetapi kerana jika kalau sangat lebih hari esok semalam "
           "sekarang nanti jam minit saat minggu bulan tahun pagi tengah petang malam cuaca "
           "hujan sejuk panas tolong sila mohon main mainkan putar tetapkan pasang hidupkan "
           "matikan padam padamkan batalkan tambah tambahkan tunjukkan paparkan cari "
           "carikan beri berikan tulis tuliskan terangkan jelaskan buat buatkan tempah lagu "
           "muzik senarai penggera peringatan ingatkan adakah berapa bila mana siapa "
           "mengapa kenapa macam mahu hendak wang kereta pejabat filem pawagam terima kasih "
           "semua tentang bagi oleh seperti perlu dapat sahaja luar sebuah pukul sekitar "
           "salji lokasi turun"},
    {"tl", "ang ng mga sa na ay at ko mo ka siya kami tayo kayo sila ako ikaw ito iyan iyon "
           "hindi oo ano sino saan kailan bakit paano gaano ilan po opo salamat kumusta "
           "ngayon bukas kahapon panahon ulan malamig mainit araw linggo buwan taon oras "
           "umaga gabi idagdag itakda buksan isara patugtugin ipakita hanapin burahin "
           "kanselahin paalala kanta musika sumulat isulat ipaliwanag sabihin gumawa tungkol "
           "pero kung lang rin din pa naman talaga lahat para may mayroon wala gusto "
           "kailangan puwede pwede"},
    {"vi", "và của là có cho không những một các tôi bạn anh chị em nó chúng ta họ được "
           "này đó với để trong trên từ về như khi nếu thì mà hay hoặc nhưng rất nhiều hơn "
           "gì sao nào đâu bao giờ tại vì làm viết giải thích hãy giúp xin cảm ơn chào hôm "
           "nay ngày mai thời tiết mưa lạnh nóng bài hát nhạc đặt báo thức nhắc bật tắt phát "
           "mở tìm xóa hủy thêm"},
    {"sw", "na ya wa kwa ni la katika za kuhusu jinsi mimi wewe yeye sisi nyinyi wao yangu "
           "yako yake si hapana ndiyo nini nani wapi lini vipi gani tafadhali asante habari "
           "leo kesho jana sasa hali hewa mvua baridi joto siku wiki mwezi mwaka saa dakika "
           "asubuhi jioni usiku ongeza weka washa zima cheza onyesha tafuta futa ghairi "
           "kumbusha kengele wimbo muziki andika eleza niambie toa tengeneza pia tu bado sana "
           "zaidi yote hii hiyo huu ule lakini au kama"},
    {"sq", "dhe në të një për me që është nuk si çfarë kush ku kur pse unë ti ai ajo ne ju "
           "ata im ime yt më mund dua lutem faleminderit përshëndetje sot nesër dje tani "
           "moti shi ftohtë ngrohtë ditë javë muaj vit orë minutë mëngjes mbrëmje natë shto "
           "vendos ndiz fik luaj trego gjej kërko fshi anulo kujtesë këngë muzikë shkruaj "
           "shpjego thuaj jep krijo rreth pas para vetëm ende tashmë shumë gjitha kjo ky por "
           "ose edhe"},
    {"is", "og að það sem er fyrir en með á ég ekki hvernig hvað hann hún við þú þeir mig "
           "þig sig minn mín þinn sinn get getur vil viltu takk halló í dag morgun gær núna "
           "veður rigning kalt heitt dagur vika mánuður ár mínúta kvöld nótt bæta stilla "
           "kveikja slökkva spila sýna finna leita eyða hætta áminning vekjara lag tónlist "
           "skrifa útskýra segja gefa búa til um eftir aðeins enn þegar mjög meira allir "
           "allt þetta þessi eða líka"},
    {"ga", "agus an na is ar le do a i ag go ní níl tá bhí conas cad cé cá cathain cén "
           "fáth mé tú sé sí muid sibh siad mo ár bhur liom leat dom duit thoil raibh maith "
           "agat dia inniu amárach inné anois aimsir báisteach fuar te lá seachtain mí "
           "bliain uair nóiméad maidin tráthnóna oíche cuir socraigh cas múch seinn "
           "taispeáin aimsigh cuardaigh scrios cealaigh meabhrúchán amhrán ceol scríobh "
           "mínigh inis tabhair cruthaigh faoi tar éis roimh ach fós cheana níos mó gach seo "
           "sin nó freisin"},
    {"cy", "a ac y yr yn i o ar am mae yw oedd ddim dim sut beth pwy ble pryd pam fi ti ef "
           "hi ni chi nhw fy dy ei ein eich eu gallu gallwch eisiau os gwelwch dda diolch "
           "helo heddiw yfory ddoe nawr rŵan tywydd glaw oer cynnes diwrnod wythnos mis "
           "blwyddyn awr munud bore nos ychwanegu gosod troi chwarae dangos dod hyd chwilio "
           "dileu canslo nodyn atgoffa larwm cân cerddoriaeth ysgrifennu esbonio dweud rhoi "
           "creu ôl cyn ond eto eisoes iawn mwy pob hwn hon hyn neu hefyd gyda"},
    {"eu", "eta da bat ez du dut duzu ditu dira zen izan bada nola zer nor non noiz "
           "zergatik ni zu hura gu zuek haiek nire zure bere niri zuri nahi mesedez eskerrik "
           "asko kaixo gaur bihar atzo orain eguraldia euria hotz bero egun aste hilabete "
           "urte ordu minutu goizean arratsaldean gauean gehitu ezarri piztu itzali jo "
           "erakutsi aurkitu bilatu ezabatu ezeztatu oroigarria abestia musika idatzi azaldu "
           "esan eman sortu buruz ondoren aurretik bakarrik oraindik jada oso gehiago "
           "guztiak hau hori baina edo ere"},
    {"mt", "u l il ta li fi għal ma mhux huwa hija jien int aħna intom huma tiegħi tiegħek "
           "x kif fejn meta għaliex min jekk jogħġbok grazzi bonġu illum għada lbieraħ issa "
           "temp xita kiesaħ sħun jum ġimgħa xahar sena siegħa filgħodu filgħaxija billejl "
           "żid issettja ixgħel itfi daqq uri sib fittex ħassar ikkanċella tfakkira "
           "kanzunetta mużika ikteb spjega għid agħti oħloq dwar wara qabel biss għadu diġà "
           "ħafna iktar kollha dan din dak imma jew ukoll"},
    {"eo", "kaj la de en estas ne al por kun kiel kio kiu kie kiam kial mi vi li ŝi ni ili "
           "mia via lia ŝia povas volas bonvolu dankon saluton hodiaŭ morgaŭ hieraŭ nun "
           "vetero pluvo malvarma varma tago semajno monato jaro horo minuto matene vespere "
           "nokte aldonu agordu ŝaltu malŝaltu ludu montru trovu serĉu forigu nuligu "
           "memorigilo alarmo kanto muziko skribu klarigu diru donu kreu pri post antaŭ nur "
           "ankoraŭ jam tre pli ĉiuj ĉio ĉi tio sed aŭ ankaŭ"},
    {"la", "et in est non ad cum de ut quod sed qui quae quid esse sunt ego tu nos vos "
           "meus tuus suus mihi tibi me te quomodo ubi quando cur quis hodie cras heri nunc "
           "etiam atque vel aut ab ex per pro sine tantum iam valde magis omnes hoc haec hic "
           "ille illa"},
};

/* Letters written by a few of the candidate languages only. */
struct cue_letter {
    uint32_t cp;
    const char *codes; /* space separated */
};

static const struct cue_letter k_letters[] = {
    {0x1EB9, "yo"}, {0x1ECD, "yo"}, {0x1E63, "yo"},                       /* ẹ ọ ṣ */
    {0x131, "tr az"}, {0x11F, "tr az"}, {0x15F, "tr az"},                 /* ı ğ ş */
    {0x259, "az"},                                                        /* ə */
    {0x142, "pl"}, {0x15B, "pl"}, {0x17A, "pl"}, {0x144, "pl"},           /* ł ś ź ń */
    {0x17C, "pl mt"}, {0x107, "pl hr sr"},                                /* ż ć */
    {0x105, "pl lt"}, {0x119, "pl lt"},                                   /* ą ę */
    {0x117, "lt"}, {0x12F, "lt"}, {0x173, "lt"}, {0x16B, "lt lv"},         /* ė į ų ū */
    {0x101, "lv"}, {0x113, "lv"}, {0x12B, "lv"}, {0x137, "lv"},           /* ā ē ī ķ */
    {0x13C, "lv"}, {0x146, "lv"}, {0x123, "lv"},                          /* ļ ņ ģ */
    {0xE3, "pt"}, {0xF5, "pt et"},                                        /* ã õ */
    {0xF1, "es gl eu"},                                                   /* ñ */
    {0xDF, "de"},                                                         /* ß */
    {0x103, "ro vi"}, {0x219, "ro"}, {0x21B, "ro"}, {0x163, "ro"},        /* ă ș ț ţ */
    {0x1B0, "vi"}, {0x1A1, "vi"},                                         /* ư ơ */
    {0x111, "hr sr vi"},                                                  /* đ */
    {0x11B, "cs"}, {0x159, "cs"}, {0x16F, "cs"},                          /* ě ř ů */
    {0x13E, "sk"}, {0x13A, "sk"}, {0x155, "sk"}, {0xF4, "sk fr pt"},      /* ľ ĺ ŕ ô */
    {0x151, "hu"}, {0x171, "hu"},                                         /* ő ű */
    {0xE6, "da no is"}, {0xF8, "da no"},                                  /* æ ø */
    {0xE4, "sv fi et de sk"}, {0xF6, "sv fi et de hu tr az is"},          /* ä ö */
    {0xFE, "is"}, {0xF0, "is"},                                           /* þ ð */
    {0x127, "mt"}, {0x121, "mt"}, {0x10B, "mt"},                          /* ħ ġ ċ */
    {0x109, "eo"}, {0x11D, "eo"}, {0x125, "eo"}, {0x135, "eo"},           /* ĉ ĝ ĥ ĵ */
    {0x15D, "eo"}, {0x16D, "eo"},                                         /* ŝ ŭ */
    {0x175, "cy"}, {0x177, "cy"},                                         /* ŵ ŷ */
    {0x153, "fr"},                                                        /* œ */
    {0x140, "ca"},                                                        /* ŀ */
};

/* Spellings that tell close relatives apart, matched on folded text: '_' is a word
 * boundary, 'C' a consonant other than l, n, j. Danish writes øj, -tion and the plural
 * -erne where Norwegian writes øy, -sjon and -ene; Croatian (ijekavian) writes ije
 * and je after a consonant where Serbian (ekavian) writes e, and Serbian joins verbs
 * with "da" where Croatian uses the infinitive. */
struct cue_pattern {
    const char *text;
    const char *codes;
};

static const struct cue_pattern k_patterns[] = {
    {"øj", "da"},     {"ej_", "da sv"}, {"tion", "da sv"}, {"erne_", "da"}, {"hed_", "da"},
    {"ér_", "da"},    {"_til at_", "da"},
    {"øy", "no"},     {"sjon", "no"},   {"_kj", "no"},     {"gj", "no"},   {"het_", "no sv"},
    {"_til å_", "no"},  {"ene_", "no"},
    {"Cije", "hr"},   {"Cje", "hr"},    {"lijep", "hr"},   {"lijek", "hr"},
    {"podset", "sr"}, {"sledeć", "sr"}, {"vreme", "sr"},   {"mesec", "sr"}, {"pesm", "sr"},
    {"_lep", "sr"},   {"uvek", "sr"},   {"_gde_", "sr"},   {"ovde", "sr"},  {"_dete", "sr"},
    {"_deca", "sr"},  {"_reč", "sr"},   {"mleko", "sr"},   {"_cen", "sr"},  {"sneg", "sr"},
    {"_lek", "sr"},
    {"_da li_", "sr"}, {"_će da_", "sr"}, {"_treba da_", "sr"}, {"_hoću da_", "sr"},
    {"_mogu da_", "sr"}, {"_možeš da_", "sr"}, {"_želim da_", "sr"},
};

/* Close relatives: the model chooses the cluster, the markers the member. A member
 * listed in `shy` wins only with more markers than the others: it has many times
 * fewer writers online than its neighbour, and CLD2 and the profiles lean to it on
 * short text (Malay for Indonesian, Galician for Spanish or Portuguese, Afrikaans for
 * Dutch). Croatian and Slovenian are shy beside Serbian: about 4 and 2 against 7
 * million speakers, most Serbian online writing in the Latin script; longer text
 * shows the ekavian or ijekavian markers, which decide. */
struct cluster {
    const char *members[4];
    const char *shy;
};

static const struct cluster k_clusters[] = {
    {{"da", "no", "sv", NULL}, ""},    {{"sr", "hr", "sl", NULL}, "hr sl"},
    {{"id", "ms", NULL, NULL}, "ms"},  {{"cs", "sk", NULL, NULL}, ""},
    {{"pt", "gl", "es", NULL}, "gl"},  {{"nl", "af", NULL, NULL}, "af"},
    {{"es", "ca", NULL, NULL}, ""},
};

static uint64_t s_key[SLOTS];
static uint64_t s_mask[SLOTS];
/* Cue letters by code point: Latin-1 Supplement to IPA Extensions, and Latin Extended
 * Additional (Vietnamese, Yoruba). */
static uint64_t s_letter_lo[0x300];
static uint64_t s_letter_hi[0x100];
static uint64_t s_code_mask[KL_LANGID_MAX_PROFILES]; /* profiles sharing profile p's code */
#define PATTERN_MAX 16
static uint32_t s_pattern[sizeof k_patterns / sizeof k_patterns[0]][PATTERN_MAX];
static size_t s_pattern_len[sizeof k_patterns / sizeof k_patterns[0]];
static uint64_t s_pattern_mask[sizeof k_patterns / sizeof k_patterns[0]];

static uint64_t word_hash(const uint32_t *w, size_t k)
{
    uint64_t h = 14695981039346656037ull;
    for (size_t i = 0; i < k; i++) {
        h ^= w[i];
        h *= 1099511628211ull;
    }
    return h | 1; /* 0 marks an empty slot */
}

/* The profiles reporting code, as a mask (nb and nn both report "no"). */
static uint64_t profiles_of(const char *code)
{
    uint64_t m = 0;
    for (size_t p = 0; p < kl_langid_latin_count; p++)
        if (strcmp(kl_langid_latin[p].code, code) == 0)
            m |= 1ull << p;
    return m;
}

static void word_add(uint64_t key, uint64_t mask)
{
    uint32_t i = (uint32_t)key & (SLOTS - 1);
    while (s_key[i] && s_key[i] != key)
        i = (i + 1) & (SLOTS - 1);
    s_key[i] = key;
    s_mask[i] |= mask;
}

static uint64_t word_mask(uint64_t key)
{
    uint32_t i = (uint32_t)key & (SLOTS - 1);
    while (s_key[i]) {
        if (s_key[i] == key)
            return s_mask[i];
        i = (i + 1) & (SLOTS - 1);
    }
    return 0;
}

static uint64_t *letter_slot(uint32_t cp)
{
    if (cp < 0x300)
        return &s_letter_lo[cp];
    if (cp >= 0x1E00 && cp < 0x1F00)
        return &s_letter_hi[cp - 0x1E00];
    return NULL;
}

static uint64_t codes_mask(const char *codes)
{
    uint64_t m = 0;
    char code[8];
    while (*codes) {
        size_t k = strcspn(codes, " ");
        if (k > 0 && k < sizeof code) {
            memcpy(code, codes, k);
            code[k] = 0;
            m |= profiles_of(code);
        }
        codes += k;
        codes += strspn(codes, " ");
    }
    return m;
}

void kl_langid_cues_build(void)
{
    for (size_t p = 0; p < kl_langid_latin_count; p++)
        s_code_mask[p] = profiles_of(kl_langid_latin[p].code);
    for (size_t l = 0; l < sizeof k_words / sizeof k_words[0]; l++) {
        uint64_t m = profiles_of(k_words[l].code);
        if (!m)
            continue;
        uint32_t cps[2048];
        size_t n = kl_langid_fold_letters(k_words[l].words, strlen(k_words[l].words), cps,
                                          sizeof cps / sizeof cps[0]);
        size_t s = 0;
        for (size_t i = 0; i <= n; i++)
            if (i == n || cps[i] == ' ') {
                if (i > s)
                    word_add(word_hash(cps + s, i - s), m);
                s = i + 1;
            }
    }
    for (size_t l = 0; l < sizeof k_letters / sizeof k_letters[0]; l++) {
        uint64_t *slot = letter_slot(k_letters[l].cp);
        if (slot)
            *slot |= codes_mask(k_letters[l].codes);
    }
    for (size_t l = 0; l < sizeof k_patterns / sizeof k_patterns[0]; l++) {
        /* Folded by hand: '_' and 'C' are not letters to kl_langid_fold_letters. */
        const char *t = k_patterns[l].text;
        size_t k = 0, i = 0, len = strlen(t);
        while (i < len && k < PATTERN_MAX) {
            uint32_t cp;
            i += kl_utf8_decode(t + i, len - i, &cp);
            s_pattern[l][k++] = cp;
        }
        s_pattern_len[l] = k;
        s_pattern_mask[l] = codes_mask(k_patterns[l].codes);
    }
}

static bool is_consonant(uint32_t cp)
{
    static const uint32_t set[] = {'b', 'c', 'd', 'f', 'g', 'h', 'k', 'm', 'p', 'r', 's', 't',
                                   'v', 'z', 0x10D, 0x107, 0x111, 0x161, 0x17E, 0};
    for (const uint32_t *c = set; *c; c++)
        if (*c == cp)
            return true;
    return false;
}

/* Occurrences of pattern l in cps[0..n). */
static unsigned pattern_count(size_t l, const uint32_t *cps, size_t n)
{
    const uint32_t *p = s_pattern[l];
    size_t k = s_pattern_len[l];
    unsigned hits = 0;
    /* Position -1 and n are word boundaries too. */
    for (long start = -1; start + (long)k <= (long)n + 1; start++) {
        size_t j = 0;
        for (; j < k; j++) {
            long at = start + (long)j;
            uint32_t c = at < 0 || at >= (long)n ? ' ' : cps[at];
            if (p[j] == '_' ? c != ' ' : p[j] == 'C' ? !is_consonant(c) : c != p[j])
                break;
        }
        if (j == k)
            hits++;
    }
    return hits;
}

void kl_langid_cues_count(const uint32_t *cps, size_t n, kl_cues *c)
{
    memset(c, 0, sizeof *c);
    size_t s = 0;
    for (size_t i = 0; i <= n; i++)
        if (i == n || cps[i] == ' ') {
            if (i > s) {
                c->words++;
                uint64_t m = word_mask(word_hash(cps + s, i - s));
                if (m && c->n_masks < KL_CUES_MAX_WORDS)
                    c->masks[c->n_masks++] = m;
                for (size_t p = 0; m && p < kl_langid_latin_count; p++)
                    if (m & (1ull << p))
                        c->match[p]++;
            }
            s = i + 1;
        }
    for (size_t i = 0; i < n; i++) {
        const uint64_t *slot = letter_slot(cps[i]);
        if (!slot || !*slot)
            continue;
        /* Each distinct cue letter counts once. */
        bool seen = false;
        for (size_t k = 0; k < c->n_letter_cps && !seen; k++)
            seen = c->letter_cps[k] == cps[i];
        if (seen || c->n_letter_cps == KL_CUES_MAX_LETTERS)
            continue;
        c->letter_cps[c->n_letter_cps] = cps[i];
        c->letter_masks[c->n_letter_cps++] = *slot;
        for (size_t p = 0; p < kl_langid_latin_count; p++)
            if (*slot & (1ull << p))
                c->letters[p]++;
    }
}

void kl_langid_cues_apply(const kl_cues *c, double *cost)
{
    if (c->words == 0)
        return;
    for (size_t p = 0; p < kl_langid_latin_count; p++) {
        cost[p] -= WORD_WEIGHT * (double)c->match[p] / (double)c->words;
        if (c->letters[p])
            cost[p] -= LETTER_WEIGHT;
    }
}

/* Adds points to every member of a cluster (member masks mm[0..nm)) that mask
 * names, unless it names them all. */
static void credit(uint64_t mask, const uint64_t *mm, size_t nm, unsigned points,
                   unsigned *score, unsigned *own)
{
    size_t listed = 0;
    for (size_t j = 0; j < nm; j++)
        listed += (mask & mm[j]) != 0;
    for (size_t j = 0; listed < nm && j < nm; j++)
        if (mask & mm[j]) {
            score[j] += points;
            if (listed == 1)
                own[j] += points;
        }
}

static bool is_shy(int k, const char *code)
{
    const char *s = k_clusters[k].shy;
    size_t n = strlen(code);
    while (*s) {
        size_t w = strcspn(s, " ");
        if (w == n && memcmp(s, code, n) == 0)
            return true;
        s += w;
        s += strspn(s, " ");
    }
    return false;
}

/* The index of the cluster holding code, or -1. */
static int cluster_of(const char *code)
{
    for (size_t k = 0; k < sizeof k_clusters / sizeof k_clusters[0]; k++)
        for (size_t j = 0; j < 4 && k_clusters[k].members[j]; j++)
            if (strcmp(k_clusters[k].members[j], code) == 0)
                return (int)k;
    return -1;
}

const char *kl_langid_cues_settle(const kl_cues *c, const uint32_t *cps, size_t n,
                                  const double *cost, const char *code)
{
    int k = cluster_of(code);
    if (k < 0)
        return code;
    const char *const *members = k_clusters[k].members;
    uint64_t mm[4] = {0};
    uint64_t all = 0;
    size_t nm = 0;
    for (; nm < 4 && members[nm]; nm++) {
        mm[nm] = profiles_of(members[nm]);
        all |= mm[nm];
    }
    /* Markers: words, letters and spellings of some members but not all. */
    unsigned score[4] = {0}, own[4] = {0}; /* own: markers of this member alone */
    for (size_t w = 0; w < c->n_masks; w++)
        credit(c->masks[w], mm, nm, 2, score, own);
    for (size_t l = 0; l < c->n_letter_cps; l++)
        credit(c->letter_masks[l], mm, nm, 3, score, own);
    for (size_t l = 0; l < sizeof k_patterns / sizeof k_patterns[0]; l++)
        if (s_pattern_mask[l] & all)
            credit(s_pattern_mask[l], mm, nm, 2 * pattern_count(l, cps, n), score, own);
    /* The members' model costs (the lowest of a member's profiles), then markers and
     * cost together: a marker is worth MARKER_WEIGHT cost units. */
    double mc[4], lowest = 1e300;
    for (size_t j = 0; j < nm; j++) {
        mc[j] = 1e300;
        for (size_t p = 0; p < kl_langid_latin_count; p++)
            if ((mm[j] & (1ull << p)) && cost[p] < mc[j])
                mc[j] = cost[p];
        if (mc[j] < lowest)
            lowest = mc[j];
    }
    /* The best member by markers and cost; a shy member only with the most markers. */
    size_t best = nm;
    double best_v = 0.0;
    for (size_t j = 0; j < nm; j++) {
        double v = MARKER_WEIGHT * score[j] - (mc[j] - lowest);
        if (is_shy(k, members[j])) {
            /* Without the most markers of its own, only a clear lead in cost. */
            bool most = true;
            double lead = 1e300;
            for (size_t i = 0; i < nm; i++)
                if (i != j) {
                    most &= own[j] > own[i];
                    if (!is_shy(k, members[i]) && mc[i] - mc[j] < lead)
                        lead = mc[i] - mc[j];
                }
            if (!most && lead < SHY_LEAD)
                continue;
        }
        if (best == nm || v > best_v) {
            best = j;
            best_v = v;
        }
    }
    return best < nm ? members[best] : code;
}

bool kl_langid_cues_related(const char *a, const char *b)
{
    for (size_t k = 0; k < sizeof k_clusters / sizeof k_clusters[0]; k++) {
        bool ha = false, hb = false;
        for (size_t j = 0; j < 4 && k_clusters[k].members[j]; j++) {
            ha |= strcmp(k_clusters[k].members[j], a) == 0;
            hb |= strcmp(k_clusters[k].members[j], b) == 0;
        }
        if (ha && hb)
            return true;
    }
    return false;
}

void kl_langid_cues_own(const kl_cues *c, size_t a, size_t b, unsigned *own_a, unsigned *own_b)
{
    uint64_t ma = s_code_mask[a], mb = s_code_mask[b];
    *own_a = *own_b = 0;
    for (size_t w = 0; w < c->n_masks; w++) {
        bool in_a = (c->masks[w] & ma) != 0, in_b = (c->masks[w] & mb) != 0;
        *own_a += in_a && !in_b;
        *own_b += in_b && !in_a;
    }
}

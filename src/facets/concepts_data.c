/* concepts_data.c — the concept lexicon: general topics of assistant conversations, each
 * with its surface forms in English, Spanish, French, Portuguese, Catalan, Ukrainian,
 * Russian, Japanese, Chinese, Arabic, Hindi, Turkish, Armenian, Georgian and Afrikaans.
 * Each concept has a broad domain ("software", "health", ...) or none (NULL) when it
 * belongs to many. Conventions (see concepts.h): '|' separates forms, "stem*" matches words it begins,
 * Han/kana forms match inside runs. Stems are kept long enough not to catch unrelated
 * words; a form that would mean two topics in two languages is left out. */
#include "kleio/concepts.h"

#define C(term, domain, forms) {term, domain, forms}

const kl_concept kl_concept_lexicon[] = {
    /* ---- software ---- */
    C("python", "software", "python*|django|flask|pandas|numpy|питон*|パイソン|بايثون|पायथन|փայթոն*|პითონ*"),
    C("javascript", "software", "javascript*|js|typescript|node|nodejs|react|vue|angular|jquery|джаваскрипт*|ジャバスクリプト|"
      "جافاسكريبت|जावास्क्रिप्ट"),
    C("java", "software", "java|kotlin|джава|ジャバ"),
    C("sql", "software", "sql|mysql|postgres*|postgresql|sqlite"),
    C("database", "software", "database*|base de datos|bases de datos|base de donnees|base de dados|bases de dados|"
      "base de dades|баз* даних|баз* данных|бд|データベース|数据库|قاعدة بيانات|قواعد البيانات|डेटाबेस|"
      "veritaban*|տվյալների բազ*|მონაცემთა ბაზ*|databasis*"),
    C("spreadsheet", "technology", "excel|spreadsheet*|google sheets|vlookup|buscarv|recherchev|procv|hoja de calculo|"
      "hojas de calculo|tableur*|planilha*|full de calcul|fulls de calcul|электронн* таблиц*|"
      "електронн* таблиц*|ексель|эксель|エクセル|スプレッドシート|电子表格|表格|جدول بيانات|إكسل|اكسل|एक्सेल|"
      "स्प्रेडशीट|elektronik tablo*|e-tablo*|էքսել*|աղյուսակ*|ექსელ*|ცხრილ*|sigblad*"),
    C("formula", "technology", "formula*|formule*|formul*|формул*|数式|公式|صيغة|معادلة|फ़ॉर्मूला|फार्मूला|formül*|բանաձ*|"
      "ფორმულ*|formule*"),
    C("git", "software", "git|github|gitlab|commit|commits|merge|rebase"),
    C("docker", "software", "docker*|kubernetes|k8s|container*|contenedor*|conteneur*|conteiner*|contentor*|"
      "contenidor*|контейнер*|コンテナ|ドッカー|容器|حاوية|حاويات|कंटेनर|konteyner*|կոնտեյներ*|"
      "კონტეინერ*|houer*"),
    C("deployment", "software", "deploy*|despliegue*|desplegar|deploiement*|deployer|implantacao|desplegament*|деплой*|"
      "развертыван*|розгортан*|デプロイ|部署|نشر التطبيق|डिप्लॉय|dagitim*|deploy|տեղակայ*|განთავს*|"
      "ontplooi*"),
    C("server", "software", "server*|servidor*|serveur*|сервер*|サーバ|服务器|خادم|سيرفر|सर्वर|sunucu*|սերվեր*|სერვერ*|"
      "bediener*"),
    C("regex", "software", "regex*|regexp|regular expression*|expresion regular|expresiones regulares|"
      "expression reguliere|expressions regulieres|expressao regular|expressoes regulares|"
      "expressio regular|регулярн* вираз*|регулярн* выражен*|正規表現|正则|تعبير نمطي|"
      "التعبيرات النمطية|रेगेक्स|duzenli ifade*|ռեգուլյար*|რეგულარულ*|gereelde uitdrukking*"),
    C("error", "software", "error*|bug|bugs|erreur*|erro|erros|помилк*|ошибк*|баг*|エラー|バグ|错误|报错|异常|خطأ|أخطاء|اخطاء|"
      "त्रुटि|एरर|hata*|սխալ*|შეცდომ*|fout*|foute"),
    C("debugging", "software", "debug*|depura*|debogu*|depurar|налагодж*|отлад*|дебаг*|デバッグ|调试|تصحيح الأخطاء|डीबग|"
      "hata ayikla*|վրիպազերծ*|დებაგ*|ontfout*"),
    C("crash", "software", "crash*|se cae|se cuelga|se bloquea|plante|trava|travando|falha|es penja|вилітає|падає|"
      "вылетает|падает|крэш*|クラッシュ|落ちる|崩溃|闪退|يتعطل|تعطل|क्रैश|cokuyor|cokme*|խափան*|ითიშება|"
      "ineenstort*"),
    C("api", "software", "api|apis|endpoint*|json|webhook*|апі|апи"),
    C("website", "software", "website*|web|webpage*|sitio web|sitios web|pagina web|paginas web|site web|sites web|"
      "site|sites|lloc web|llocs web|сайт*|веб*|ウェブ|サイト|ホームページ|网站|网页|موقع|مواقع|الويب|वेबसाइट|"
      "वेब|web sitesi|web sayfa*|կայք*|ვებსაიტ*|საიტ*|webwerf*|webblad*"),
    C("css", "software", "css|html|flexbox|grid|div|maquetacion|maquetacio|mise en page|верстк*|レイアウト|布局|"
      "تنسيق الصفحة|लेआउट|yerlesim*|განლაგებ*"),
    C("mobile app", "technology", "android|ios|iphone|ipad|flutter|smartphone*|movil|moviles|mobile|celular*|telemovel|"
      "mobil|мобільн*|мобильн*|смартфон*|スマホ|携帯|アンドロイド|手机|安卓|苹果手机|هاتف|الهاتف|جوال|موبايل|"
      "मोबाइल|फोन|फ़ोन|telefon*|cep telefon*|հեռախոս*|სმარტფონ*|ტელეფონ*|selfoon*|foon"),
    C("app", "software", "app|apps|application*|aplicacion*|aplicativo*|aplicacao|aplicacio*|застосун*|додаток|"
      "додатк*|приложени*|アプリ|应用|应用程序|تطبيق*|ऐप|एप्लिकेशन|uygulama*|հավելված*|აპლიკაცი*|"
      "toepassing*"),
    C("algorithm", "software", "algorithm*|algoritm*|algorithme*|алгоритм*|アルゴリズム|算法|خوارزمي*|خوارزم*|एल्गोरिदम|"
      "एल्गोरिथम|algoritma*|ալգորիթմ*|ალგორითმ*|algoritme*"),
    C("data structure", "software", "data structure*|binary tree|hash table|linked list|estructura* de datos|"
      "structure* de donnees|estrutura* de dados|estructura* de dades|структур* даних|"
      "структур* данных|データ構造|数据结构|هياكل البيانات|بنية البيانات|डेटा संरचना|veri yapi*|"
      "տվյալների կառուցվածք*|მონაცემთა სტრუქტურ*|datastruktu*"),
    C("code", "software", "code|coding|codes|programming|programmer|script*|codigo*|programacion|programmation|"
      "programacao|programacio|програмуван*|программирован*|код|коду|коде|кода|скрипт*|"
      "プログラミング|コード|スクリプト|代码|编程|脚本|برمجة|البرمجة|كود|شيفرة|कोड|प्रोग्रामिंग|kod|kodu|kodum*|"
      "kodlama*|programlama*|կոդ*|ծրագրավոր*|კოდ*|პროგრამირ*|kode*|programmering*"),
    C("function", "software", "function*|funcion|funciones|fonction*|funcao|funcoes|funcio*|функці*|функци*|関数|函数|"
      "دالة|دوال|फ़ंक्शन|फंक्शन|fonksiyon*|ֆունկցի*|ფუნქცი*|funksie*"),
    C("password", "technology", "password*|passwd|contrasena*|mot de passe|mots de passe|senha*|contrasenya*|пароль|"
      "парол*|パスワード|密码|كلمة المرور|كلمة السر|كلمات المرور|पासवर्ड|sifre*|parola*|գաղտնաբառ*|"
      "პაროლ*|wagwoord*"),
    C("account", "technology", "account*|cuenta|cuentas|compte|comptes|conta|contas|обліков* запис*|акаунт*|аккаунт*|"
      "учетн* запис*|アカウント|账户|账号|帐号|حساب|حسابي|حسابات|खाता|अकाउंट|hesab*|hesap*|հաշիվ*|"
      "ანგარიშ*|rekening*"),
    C("security", "technology", "security|secure|securing|seguridad|securite|securiser|seguranca|seguretat|безпек*|"
      "безопасн*|захист*|защит*|セキュリティ|安全|أمن|الأمان|حماية|सुरक्षा|guvenlik*|անվտանգ*|"
      "უსაფრთხო*|sekuriteit|veiligheid"),
    C("firewall", "technology", "firewall*|ssh|cortafuegos|pare-feu|фаєрвол*|файрвол*|брандмауэр*|ファイアウォール|防火墙|"
      "جدار الحماية|جدار حماية|फ़ायरवॉल|фаервол*|guvenlik duvar*|firewall"),
    C("two-factor authentication", "technology", "2fa|two-factor|two factor|mfa|autenticacion en dos pasos|dos pasos|deux facteurs|"
      "double authentification|dois fatores|duas etapas|dos factors|двофактор*|двухфактор*|"
      "二段階|二要素|双重认证|两步验证|双因素|المصادقة الثنائية|टू-फैक्टर|दो-चरण|iki faktor*|iki adim*|"
      "երկգործոն*|ორფაქტორ*|tweefaktor*|twee-faktor*"),
    C("internet", "technology", "internet|wifi|wi-fi|router*|modem*|enrutador*|routeur*|roteador*|інтернет*|интернет*|"
      "роутер*|маршрутизатор*|ルーター|インターネット|路由器|网络|网速|إنترنت|الإنترنت|راوتر|واي فاي|इंटरनेट|"
      "राउटर|वाईफाई|ինտերնետ*|ინტერნეტ*|roeteerder*"),
    C("computer", "technology", "computer*|laptop*|pc|windows|macos|linux|ubuntu|ordenador*|portatil*|ordinateur*|"
      "computador*|notebook|ordinador*|комп'ютер*|компьютер*|ноутбук*|パソコン|コンピュータ|ノートパソコン|电脑|"
      "计算机|笔记本|حاسوب|الحاسوب|كمبيوتر|الكمبيوتر|لابتوب|कंप्यूटर|लैपटॉप|bilgisayar*|համակարգիչ*|"
      "համակարգչ*|კომპიუტერ*|ლეპტოპ*|rekenaar*|skootrekenaar*"),
    C("printer", "technology", "printer*|impresora*|imprimante*|impressora*|принтер*|プリンター|打印机|طابعة|الطابعة|प्रिंटर|"
      "yazici*|տպիչ*|პრინტერ*|drukker*"),
    C("software install", "technology", "install*|instalar|instalacion|instalacao|instal·la*|установ*|встанов*|инсталл*|インストール|"
      "安装|تثبيت|इंस्टॉल|kurulum*|yukle*|տեղադր*|დაინსტალ*|ინსტალაც*|installeer*"),
    C("file", "technology", "file|files|archivo*|fichier*|arquivo*|fitxer*|файл*|ファイル|文件|ملف|ملفات|फ़ाइल|फाइल|"
      "dosya*|ֆայլ*|ფაილ*|lêer*"),
    C("backup", "technology", "backup*|copia de seguridad|sauvegard*|copia de seguranca|copia de seguretat|"
      "резервн* копі*|резервн* копи*|бэкап*|бекап*|バックアップ|备份|نسخة احتياطية|نسخ احتياطي|बैकअप|"
      "yedek*|պահուստ*|սարեզերվ*|სარეზერვო*|rugsteun*"),

    /* ---- writing ---- */
    C("cover letter", "writing", "cover letter*|motivation letter|carta de presentacion|cartas de presentacion|"
      "carta de motivacion|lettre de motivation|lettres de motivation|carta de apresentacao|"
      "carta de motivacao|carta de presentacio|супровідн* лист*|мотиваційн* лист*|"
      "сопроводительн* письм*|мотивационн* письм*|カバーレター|送付状|志望動機|求职信|自荐信|رسالة تغطية|"
      "خطاب تقديم|خطاب التقديم|رسالة تحفيزية|कवर लेटर|आवेदन पत्र|on yazi*|motivasyon mektub*|"
      "ուղեկցող նամակ*|մոտիվացիոն նամակ*|სამოტივაციო წერილ*|თანმხლები წერილ*|dekbrief*|"
      "motiveringsbrief*|begeleidende brief"),
    C("resume", "writing", "cv|cvs|curriculum*|curriculo*|resume|resumes|резюме|履歴書|職務経歴書|简历|履历|سيرة ذاتية|"
      "السيرة الذاتية|सीवी|रिज्यूमे|बायोडाटा|ozgecmis*|ինքնակենսագր*|ռեզյումե*|რეზიუმე|"
      "ავტობიოგრაფ*|lewensbeskrywing*"),
    C("email", "writing", "email*|e-mail*|mail|mails|correo*|courriel*|correu*|імейл*|имейл*|електронн* лист*|"
      "письм*|メール|邮件|电子邮件|بريد|البريد الإلكتروني|إيميل|ايميل|ईमेल|मेल|e-posta*|eposta*|"
      "էլ. նամակ*|էլնամակ*|ელფოსტ*|ელ. წერილ*|e-pos*|epos*"),
    C("letter", "writing", "letter|letters|carta|cartas|lettre|lettres|лист|листа|листи|письмо|手紙|信件|رسالة|خطاب|"
      "पत्र|mektup*|mektub*|նամակ*|წერილ*|briewe"),
    C("essay", "writing", "essay*|ensayo*|redaccion|dissertation*|redaction|ensaio*|redacao|assaig*|redaccio|есе|"
      "эссе|сочинени*|твір|твору|エッセイ|作文|小论文|论文|مقالة|مقال|إنشاء|निबंध|kompozisyon*|շարադր*|"
      "ესე|ესეს|თხზულებ*|opstel*"),
    C("grammar", "language", "grammar*|grammatical|spelling|proofread*|gramatica*|ortografia|grammaire|orthographe|"
      "gramatica|gramatica|ortografia|граматик*|грамматик*|орфограф*|правопис*|пунктуац*|文法|"
      "添削|語法|语法|拼写|校对|قواعد اللغة|القواعد|الإملاء|व्याकरण|वर्तनी|dilbilgis*|gramer*|yazim*|"
      "քերական*|ուղղագր*|გრამატიკ*|მართლწერ*|grammatika*|spelling*"),
    C("poem", "creative writing", "poem*|poetry|poet*|poema*|poesia|poeme*|poesie|verso*|вірш*|поезі*|стих*|поэз*|詩|诗|诗歌|"
      "قصيدة|قصائد|شعر|कविता|siir*|բանաստեղծ*|ლექს*|პოეზი*|gedig*|poesie"),
    C("song", "creative writing", "song|songs|lyrics|cancion*|chanson*|parole* de chanson|cancao|cancoes|canco*|пісн*|"
      "песн*|歌詞|歌|歌曲|歌词|أغنية|أغاني|كلمات الأغنية|गाना|गीत|sarki*|երգ*|სიმღერ*|liedjie*|lied"),
    C("story", "creative writing", "story|stories|storytelling|tale|tales|fiction|cuento*|relato*|conto|contos|conte|"
      "contes|оповідан*|новелл*|物語|ストーリー|短編|小説|故事|小说|قصة|قصص|رواية|कहानी|कहानियां|hikaye*|"
      "oyku*|պատմվածք*|პატარა მოთხრობ*|მოთხრობ*|ზღაპარ*|storie*|verhaal*|verhale|novel*|"
      "novela*|roman|romans|роман*|рассказ|рассказа|рассказы|розповідь|розповіді"),
    C("speech", "writing", "speech*|toast|toasts|discurso*|brindis|discours*|промов*|речь|речи|выступлени*|виступ*|"
      "тост*|スピーチ|祝辞|乾杯|演讲|致辞|祝酒|خطبة|كلمة في|भाषण|konusma*|nutuk*|ճառ*|ելույթ*|სადღეგრძელო*|"
      "გამოსვლ*|toespraak*|heildronk*"),
    C("social media", "writing", "social media|instagram|tiktok|twitter|facebook|linkedin|youtube|redes sociales|"
      "reseaux sociaux|redes sociais|xarxes socials|соцмереж*|соціальн* мереж*|соцсет*|"
      "социальн* сет*|ソーシャルメディア|インスタ|sns|社交媒体|小红书|微博|وسائل التواصل|مواقع التواصل|सोशल मीडिया|"
      "sosyal medya|սոցցանց*|սոցիալական ցանց*|სოციალურ* ქსელ*|სოცქსელ*|sosiale media"),
    C("post", "writing", "post|posts|caption*|hashtag*|publicacion*|publication*|publicacao|publicacoes|"
      "publicacio*|пост|посты|поста|посту|пости|постів|投稿|帖子|文案|منشور*|पोस्ट|gonderi*|"
      "paylasim*|գրառ*|պոստ*|პოსტ*|plasing*"),
    C("blog", "writing", "blog*|blogue*|блог*|ブログ|博客|مدونة|المدونة|ब्लॉग|բլոգ*|ბლოგ*|webjoernaal"),
    C("article", "writing", "article*|articulo*|artigo*|статт*|статья|статью|статьи|記事|論文|文章|مقال*|लेख|makale*|"
      "հոդված*|სტატი*|artikel*"),
    C("review", "writing", "review*|resena*|critica*|avis|critique*|avaliacao|avaliacoes|ressenya*|відгук*|отзыв*|"
      "рецензі*|рецензи*|レビュー|口コミ|评论|评价|好评|مراجعة|تقييم*|مراجعات|समीक्षा|रिव्यू|yorum*|"
      "degerlendirme*|կարծիք*|შეფასებ*|მიმოხილვ*|resensie*|hersiening*|resensies"),
    C("report", "writing", "report*|informe*|rapport*|relatorio*|звіт*|отчет*|отчёт*|レポート|報告|报告|تقرير|تقارير|"
      "रिपोर्ट|rapor*|հաշվետվ*|ანგარიშ|მოხსენებ*|verslag*"),
    C("contract", "law", "contract*|contrato*|contrat*|contracte*|договор*|договір*|контракт*|契約|合同|عقد|عقود|"
      "अनुबंध|कॉन्ट्रैक्ट|sozlesme*|պայմանագ*|ხელშეკრულებ*|kontrak*"),
    C("invoice", "finance", "invoice*|factura*|facture*|fatura*|рахунок|рахунк*|счет-фактур*|請求書|发票|فاتورة|فواتير|"
      "चालान|इनवॉइस|бухгалтер*|հաշիվ-ապրանքագ*|ინვოის*|faktuur*"),
    C("summary", "writing", "summar*|resumen*|resumir|resume|resumo*|resumir|resum|підсумк*|стисл*|"
      "кратк* содержани*|конспект*|要約|まとめ|摘要|总结|概括|ملخص|تلخيص|لخص|सारांश|ozet*|ամփոփ*|"
      "შეჯამებ*|opsomming*|samevatting*|resumer|resumez|synthese|sintesis"),
    C("translation", "language", "translat*|traduc*|traduz*|tradueix*|traduir|перевод*|перевед*|переклад*|перекла*|翻訳|"
      "訳して|翻译|译成|ترجم*|ترجمة|अनुवाद|ceviri*|cevir*|tercume*|թարգման*|თარგმნ*|თარგმან*|"
      "vertaal*|vertaling*"),

    /* ---- study and research ---- */
    C("math", "mathematics", "math|maths|mathematic*|matematic*|mathemat*|matematica|математ*|数学|算数|رياضيات|"
      "الرياضيات|गणित|matematik*|մաթեմատ*|მათემატიკ*|wiskunde*"),
    C("equation", "mathematics", "equation*|algebra*|ecuacion*|equation|algebre|equacao|equacoes|equacio*|рівнян*|"
      "уравнен*|алгебр*|方程式|方程|代数|معادلة|معادلات|جبر|समीकरण|बीजगणित|denklem*|cebir*|"
      "հավասարում*|հանրահաշ*|განტოლებ*|ალგებრ*|vergelyking*|algebra"),
    C("calculus", "mathematics", "calculus|derivative*|integral*|calculo|derivada*|integrale*|derivee*|calcul|похідн*|"
      "производн*|интеграл*|інтеграл*|微分|積分|导数|积分|微积分|تفاضل|تكامل|مشتقة|कलन|अवकलन|समाकलन|"
      "turev*|integral|ածանցյալ*|ინტეგრალ*|წარმოებულ*|afgeleide*|calculus"),
    C("geometry", "mathematics", "geometr*|geometria|trigonometr*|triangle*|triangulo*|геометр*|тригонометр*|幾何|三角形|几何|"
      "三角函数|هندسة|مثلث|ज्यामिति|त्रिकोण|geometri*|երկրաչափ*|გეომეტრი*|meetkunde"),
    C("probability", "mathematics", "probabilit*|probabilidad*|probabilite*|probabilidade*|probabilitat*|ймовірн*|"
      "вероятност*|確率|概率|احتمال*|प्रायिकता|संभावना|olasilik*|հավանականութ*|ალბათობ*|"
      "waarskynlikheid*"),
    C("statistics", "research", "statistic*|estadistic*|statistique*|estatistic*|статистик*|統計|统计|إحصاء|إحصائي*|الإحصاء|"
      "सांख्यिकी|आंकड़*|istatistik*|վիճակագր*|სტატისტიკ*|statistiek*|regression|regresion|"
      "regressao|регрес*|回帰|回归|انحدار|regresyon*"),
    C("data analysis", "research", "data|dataset*|datos|donnees|dados|dades|даних|данных|дані|данные|データ|数据|بيانات|"
      "البيانات|डेटा|डाटा|veri|verileri|verisi|տվյալ*|მონაცემ*|analisis de datos|"
      "analyse de donnees|analise de dados"),
    C("chart", "research", "chart*|graph*|grafic*|grafico*|graphique*|diagramme*|діаграм*|диаграм*|グラフ|图表|"
      "رسم بياني|مخطط|चार्ट|ग्राफ़|ग्राफ|grafik*|գրաֆիկ*|დიაგრამ*|grafiek*"),
    C("survey", "research", "survey*|questionnaire*|encuesta*|sondage*|questionario*|enquesta*|опитуван*|опрос*|"
      "анкет*|アンケート|调查|问卷|استبيان|استطلاع|सर्वेक्षण|anket*|հարցում*|გამოკითხვ*|opname*|"
      "vraelys*"),
    C("research", "research", "research*|investigacion*|recherche*|pesquisa*|recerca*|дослідж*|исследован*|研究|研究|بحث|"
      "أبحاث|الأبحاث|शोध|अनुसंधान|arastirma*|հետազոտ*|კვლევ*|navorsing*"),
    C("thesis", "research", "thesis|dissertation|tesis|tese|tesi|дисертац*|диссертац*|дипломн*|卒論|卒業論文|论文|毕业论文|"
      "أطروحة|رسالة ماجستير|शोध प्रबंध|थीसिस|tez|tezi|tezim*|ատենախոս*|თეზის*|დისერტაც*|"
      "proefskrif*|verhandeling*"),
    C("physics", "science", "physic*|fisica|physique|fisica|фізик*|физик*|物理|فيزياء|الفيزياء|भौतिकी|fizik*|ֆիզիկ*|"
      "ფიზიკ*|fisika"),
    C("chemistry", "science", "chemi*|quimica|chimie|quimic*|хімі*|хими*|化学|كيمياء|الكيمياء|रसायन*|kimya*|քիմի*|ქიმი*|"
      "chemie"),
    C("biology", "science", "biolog*|photosynth*|cell|cells|dna|fotosintesis|fotossintese|fotosintesi|біолог*|"
      "биолог*|фотосинтез*|生物|光合成|光合作用|细胞|أحياء|الأحياء|التمثيل الضوئي|जीवविज्ञान|जीव विज्ञान|"
      "प्रकाश संश्लेषण|biyoloji*|fotosentez*|կենսաբան*|ֆոտոսինթեզ*|ბიოლოგი*|ფოტოსინთეზ*|"
      "biologie|fotosintese"),
    C("science", "science", "science*|scientific|ciencia*|scientifique*|ciencia|ciencies|наук*|科学|科学|علم|العلوم|"
      "علوم|विज्ञान|bilim*|მეცნიერ*|wetenskap*|գիտութ*"),
    C("space", "science", "planet*|planeta*|planete*|black hole|agujero negro|trou noir|buraco negro|forat negre|"
      "galax*|universe|universo|univers|планет*|чорн* дір*|черн* дыр*|галакт*|всесвіт*|"
      "вселенн*|惑星|宇宙|ブラックホール|行星|黑洞|银河|كوكب|ثقب أسود|الكون|ग्रह|ब्लैक होल|ब्रह्मांड|gezegen*|"
      "kara delik*|evren*|մոլորակ*|տիեզերք*|პლანეტ*|შავი ხვრელ*|სამყარო*|planeet*|swart gat*|"
      "heelal"),
    C("climate", "science", "climate|climatic|climat*|clima|climatico|клімат*|климат*|気候|温暖化|气候|全球变暖|مناخ|المناخ|"
      "المناخي*|जलवायु|iklim*|կլիմա*|კლიმატ*|klimaat*"),
    C("history", "history", "history|historical|historian*|historia|historico*|histoire|historique*|historia|"
      "historic*|істори*|истори*|歴史|历史|تاريخ|التاريخ|इतिहास|tarih*|պատմութ*|ისტორი*|"
      "geskiedenis*"),
    C("war", "history", "war|wars|warfare|guerra*|guerre*|війн*|войн*|戦争|大戦|战争|大战|حرب|الحرب|युद्ध|savas*|"
      "պատերազմ*|ომი|ომის|ომში|oorlog*"),
    C("revolution", "history", "revolution*|revolucion*|revolucao|revolucio*|революц*|革命|ثورة|الثورة|क्रांति|devrim*|"
      "հեղափոխ*|რევოლუცი*|rewolusie*"),
    C("homework", "education", "homework|assignment*|deberes|tarea|tareas|devoirs|dever de casa|licao de casa|deures|"
      "домашн* завдан*|домашн* задан*|домашк*|宿題|课题|作业|家庭作业|واجب|واجبات|الواجب|होमवर्क|"
      "गृहकार्य|odev*|տնային*|საშინაო*|huiswerk*"),
    C("exam", "education", "exam|exams|examination*|quiz*|examen*|exame|exames|prova|provas|іспит*|екзамен*|"
      "экзамен*|контрольн*|試験|受験|考试|测验|امتحان*|اختبار*|परीक्षा|इम्तिहान|sinav*|քննութ*|"
      "გამოცდ*|eksamen*|toets*"),
    C("studying", "education", "study|studying|revision|estudiar|estudio|estudiando|reviser|etudier|estudar|estudos|"
      "estudiar|вивчен*|вивчит*|навчан*|изучен*|учеб*|勉強|学習|学习|复习|دراسة|المذاكرة|पढ़ाई|अध्ययन|"
      "ders calis*|ուսում*|სწავლ*|studeer*|studie"),
    C("lesson plan", "education", "lesson*|teaching|teacher*|classroom|leccion*|clase*|profesor*|maestr*|lecon*|cours|"
      "enseignant*|professeur*|aula|aulas|professor*|licao|licoes|llico*|mestre*|урок*|"
      "вчител*|учител*|преподава*|授業|教師|先生|教案|课程|老师|教师|讲课|درس|دروس|معلم*|المعلم*|पाठ|शिक्षक|"
      "अध्यापक|ders|dersi|dersler*|ogretmen*|ուսուցիչ*|გაკვეთილ*|მასწავლებ*|lesse|lesplan*|"
      "onderwyser*|դաս|դասի|դասեր*|դասը|դասապլան*"),
    C("language learning", "language", "vocabulary|foreign language|learn english|learn spanish|idioma*|vocabulario|"
      "vocabulaire|vocabulario|vocabulari|langue etrangere|lingua estrangeira|"
      "llengua estrangera|словник*|словар*|лексик*|іноземн* мов*|иностранн* язык*|単語|語彙|外国語|"
      "词汇|单词|外语|مفردات|لغة أجنبية|शब्दावली|विदेशी भाषा|kelime*|yabanci dil*|բառապաշար*|"
      "օտար լեզու*|ლექსიკ*|უცხო ენ*|woordeskat*|vreemde taal"),

    /* ---- business and money ---- */
    C("marketing", "business", "marketing|advertis*|campaign*|publicidad|campana*|publicite|campagne*|publicidade|"
      "campanha*|publicitat|маркетинг*|реклам*|кампані*|кампани*|マーケティング|広告|营销|市场营销|广告|تسويق|"
      "التسويق|إعلان*|حملة|विपणन|मार्केटिंग|विज्ञापन|pazarlama*|reklam*|kampanya*|մարքեթինգ*|"
      "գովազդ*|მარკეტინგ*|რეკლამ*|bemarking*|advertensie*"),
    C("seo", "business", "seo|keyword*|backlink*|ranking|google|palabras clave|mots-cles|mots cles|"
      "palavras-chave|paraules clau|ключов* слов*|キーワード|検索順位|关键词|搜索引擎|كلمات مفتاحية|"
      "الكلمات المفتاحية|कीवर्ड|anahtar kelime*|բանալի բառ*|საკვანძო სიტყვ*|sleutelwoord*"),
    C("sales", "business", "sales|selling|sell|venta|ventas|vender|vente|ventes|vendre|vendas|vendes|продаж*|"
      "продава*|販売|営業|売上|销售|推销|مبيعات|بيع|बिक्री|satis*|վաճառ*|გაყიდვ*|verkope|verkoop*"),
    C("business", "business", "business*|startup*|start-up*|company|companies|entrepreneur*|negocio*|empresa*|"
      "emprendimiento|entreprise*|societe|negocio|empreendimento|negoci*|бізнес*|компані*|"
      "стартап*|бизнес*|компани*|ビジネス|起業|事業|会社|创业|商业|生意|公司|الأعمال|شركة|ريادة|व्यवसाय|बिजनेस|"
      "व्यापार|कंपनी|is plani|girisim*|sirket*|isletme*|բիզնես*|ընկերութ*|ბიზნეს*|კომპანი*|"
      "besigheid*|onderneming*|maatskappy*"),
    C("budget", "finance", "budget*|presupuesto*|orcamento*|pressupost*|бюджет*|予算|家計|预算|ميزانية|الميزانية|बजट|"
      "butce*|բյուջե*|ბიუჯეტ*|begroting*"),
    C("money", "finance", "money|savings|saving|finance*|financial|dinero|ahorr*|argent|epargne|economiser|"
      "finances|dinheiro|poupa*|diners|estalvi*|гроші|грош*|деньг*|заощадж*|сбереж*|накоплен*|"
      "финанс*|фінанс*|お金|貯金|金钱|储蓄|存钱|理财|钱|مال|أموال|المال|ادخار|पैसा|पैसे|बचत|वित्त|"
      "tasarruf*|birikim*|finans*|փող*|խնայ*|ֆինանս*|ფულ*|დანაზოგ*|ფინანს*|geld|spaar*"),
    C("investing", "finance", "invest*|stock|stocks|shares|etf|etfs|crypto*|bitcoin|inversion*|acciones|"
      "investissement*|bourse|investimento*|acoes|inversio*|інвест*|акці*|инвест*|акци*|投資|株|"
      "投资|股票|基金|استثمار*|أسهم|निवेश|शेयर|yatirim*|hisse*|ներդր*|բաժնետոմս*|ინვესტ*|აქცი*|"
      "belegging*|aandele"),
    C("tax", "finance", "tax|taxes|impuesto*|impot*|imposto*|impost*|податк*|податок|налог*|税金|税|税务|ضريبة|ضرائب|"
      "الضريبة|टैक्स|आयकर|vergi*|հարկ*|გადასახად*|belasting*"),
    C("meeting", "business", "meeting*|reunion*|reuniao|reunioes|reunio*|нарад*|зустріч*|совещани*|встреч*|会議|ミーティング|"
      "会议|اجتماع*|मीटिंग|toplanti*|հանդիպ*|ժողով*|შეხვედრ*|vergadering*"),
    C("presentation", "business", "presentation*|slides|powerpoint|presentacion*|diapositiva*|presentation|apresentacao|"
      "apresentacoes|slides|presentacio*|презентац*|слайд*|プレゼン|スライド|演示|幻灯片|演讲稿|عرض تقديمي|"
      "شرائح|प्रस्तुति|प्रेजेंटेशन|स्लाइड|sunum*|slayt*|ներկայաց*|սլայդ*|პრეზენტაც*|სლაიდ*|"
      "aanbieding*|skyfies"),
    C("customer", "business", "customer*|client|clients|cliente*|клієнт*|клиент*|покупател*|顧客|お客様|客户|顾客|عميل|عملاء|"
      "العملاء|ग्राहक|musteri*|հաճախորդ*|კლიენტ*|მომხმარებ*|kliënt*|klient*"),
    C("product", "business", "producto*|produit*|produto*|producte*|товар*|商品|製品|产品|منتج*|المنتج*|उत्पाद|प्रोडक्ट|"
      "urun*|ապրանք*|product|products|продукт|продукта|продукты|продукту|продукти|продуктів|"
      "პროდუქტი|პროდუქტის|produk|produkte"),
    C("salary", "career", "salary|salaries|pay raise|raise|salario*|sueldo*|salaire*|salario|зарплат*|заробітн*|"
      "給料|年収|給与|工资|薪水|薪资|加薪|راتب|رواتب|الراتب|वेतन|तनख्वाह|सैलरी|maas*|zam|աշխատավարձ*|"
      "ხელფას*|salaris*|loon"),
    C("job interview", "career", "interview*|entrevista*|entretien*|entrevista|співбесід*|собеседован*|面接|面试|مقابلة|"
      "المقابلة|इंटरव्यू|साक्षात्कार|mulakat*|is gorusme*|հարցազրույց*|გასაუბრებ*|onderhoud*"),
    C("job", "career", "job|jobs|career*|trabajo*|empleo*|carrera*|emploi*|travail|carriere*|emprego*|"
      "trabalho*|carreira*|feina*|carrera|роботу|робота|роботи|кар'єр*|карьер*|仕事|就職|転職|キャリア|"
      "工作|职业|求职|跳槽|وظيفة|الوظيفة|عمل|العمل|مهنة|नौकरी|करियर|kariyer*|աշխատանք*|կարիեր*|"
      "სამსახურ*|კარიერ*|loopbaan*|работу|работа|работы|работе|is ilani|is bul*"),
    C("boss", "career", "boss|manager|coworker*|colleague*|jefe*|companero* de trabajo|patron|collegue*|chefe*|"
      "colega*|cap de feina|начальник*|керівник*|колег*|上司|同僚|老板|领导|同事|مديري|المدير|زميل*|बॉस|"
      "सहकर्मी|patron*|mudur*|is arkadas*|ղեկավար*|գործընկեր*|უფროს*|კოლეგ*|baas|kollega*"),

    /* ---- daily life ---- */
    C("recipe", "food", "recipe*|receta*|recette*|receita*|recepta*|рецепт*|レシピ|食谱|菜谱|وصفة|وصفات|रेसिपी|tarif*|"
      "բաղադրատոմս*|რეცეპტ*|resep*"),
    C("cooking", "food", "cook*|baking|bake|dinner|meal*|cocin*|cena|comida*|hornear|cuisin*|diner|repas|cozinh*|"
      "jantar|refeica*|cuinar|sopar|готув*|готовить|приготов*|ужин*|обід|обед*|料理|夕食|做饭|烹饪|晚饭|"
      "晚餐|طبخ|الطبخ|عشاء|وجبة|खाना|पकाना|रात का खाना|yemek*|pisir*|խոհանոց*|ընթրիք*|კერძ*|"
      "სადილ*|ვახშამ*|kook*|aandete"),
    C("travel", "travel", "travel*|trip|trips|vacation*|holiday*|itinerar*|viaje*|viajar|vacaciones|voyag*|"
      "vacances|itineraire*|viagem|viagens|ferias|roteiro*|viatge*|подорож*|відпустк*|"
      "маршрут*|путешеств*|поездк*|отпуск*|旅行|旅程|観光|旅游|度假|行程|假期|سفر|السفر|رحلة|عطلة|यात्रा|"
      "छुट्टी|घूमने|seyahat*|gezi*|tatil*|ճանապարհորդ*|արձակուրդ*|მოგზაურ*|შვებულებ*|reis*|"
      "vakansie*|toer*"),
    C("flight", "travel", "flight*|airport*|vuelo*|aeropuerto*|aeroport*|voo|voos|рейс*|авіаквит*|авиабилет*|"
      "аэропорт*|аеропорт*|航空券|フライト|空港|航班|机票|机场|طيران|رحلة جوية|مطار|उड़ान|फ्लाइट|हवाई|ucus*|"
      "ucak*|havaliman*|թռիչք*|օդանավակայան*|ავიარეის*|ფრენ*|აეროპორტ*|vlug*|lughawe*|"
      "переліт*|перелет*|перелёт*|vol pour"),
    C("hotel", "travel", "hotel*|hostel*|airbnb|accommodation|hospedaje|alojamiento|hebergement|hospedagem|"
      "allotjament|готел*|гостиниц*|отел*|ホテル|宿泊|酒店|宾馆|住宿|فندق|الفندق|होटल|otel*|konaklama*|"
      "հյուրանոց*|სასტუმრო*|verblyf*"),
    C("fitness", "health", "fitness|workout*|exercise*|gym|training|muscle*|ejercicio*|entrenamiento*|gimnasio|"
      "musculacion|entrainement*|exercice*|musculation|salle de sport|treino*|exercicio*|"
      "academia|musculacao|exercici*|entrenament*|тренуван*|вправ*|спортзал*|трениров*|"
      "упражнен*|筋トレ|トレーニング|運動|ジム|健身|锻炼|运动|训练|تمارين|تمرين|رياضة|الرياضة|व्यायाम|कसरत|जिम|"
      "egzersiz*|antrenman*|spor salon*|spor|մարզ*|ֆիթնես*|ვარჯიშ*|ფიტნეს*|oefening*|"
      "gimnasium|fiksheid"),
    C("running", "health", "running|marathon*|jogging|5k|10k|correr|maraton*|courir|course a pied|corrida|correr|"
      "cursa|córrer|біг|бігу|бег|бега|марафон*|ランニング|マラソン|跑步|马拉松|الجري|جري|ماراثون|दौड़|"
      "मैराथन|kosu*|maraton*|վազք*|մարաթոն*|სირბილ*|მარათონ*|hardloop*|draf"),
    C("diet", "health", "diet*|nutrition*|calorie*|protein*|dieta*|nutricion*|caloria*|proteina*|regime|"
      "alimentation|nutricao|alimentacao|nutricio|дієт*|диет*|харчуван*|питание|питания|"
      "калор*|білк*|белк*|ダイエット|栄養|カロリー|食事|饮食|营养|减肥|卡路里|蛋白质|حمية|رجيم|تغذية|سعرات|بروتين|आहार|"
      "डाइट|पोषण|कैलोरी|प्रोटीन|diyet*|beslenme*|kalori*|սննդակարգ*|դիետ*|կալորի*|დიეტ*|კვებ*|"
      "კალორი*|dieet*|voeding*|kalorie*"),
    C("weight loss", "health", "lose weight|losing weight|weight loss|perder peso|adelgazar|perdre du poids|maigrir|"
      "emagrecer|perdre pes|aprimar|схуднен*|схуднут*|похуде*|похудан*|痩せ|減量|体重|减重|瘦身|体重|"
      "إنقاص الوزن|خسارة الوزن|الوزن|वजन|वज़न|kilo ver*|zayifla*|նիհար*|քաշ*|წონ*|gewig*|"
      "verslank*"),
    C("sleep", "health", "sleep*|insomnia|nap|dormir|sueno|insomnio|sommeil|insomnie|sono|insonia|insomni|сон|"
      "сну|сна|спати|спать|безсон*|бессонниц*|睡眠|眠れ|不眠|寝つき|失眠|睡觉|入睡|نوم|النوم|أرق|الأرق|नींद|"
      "अनिद्रा|uyku*|uyuy*|uyuma*|քուն|քնել*|քնի|անքնութ*|ძილ*|უძილობ*|slaap*|slapeloos*"),
    C("relationship", "relationships", "relationship*|partner*|boyfriend*|girlfriend*|husband*|wife|dating|breakup|pareja*|"
      "novio*|novia*|marido|esposa*|esposo*|ruptura|couple*|copain|copine|mari|rupture|"
      "namorad*|marido|relacionamento*|parella*|стосунк*|хлопц*|дівчин*|чоловік*|дружин*|"
      "отношени*|парн*|девушк*|муж|мужа|жена|жену|恋人|彼氏|彼女|妻|恋愛|男朋友|女朋友|伴侣|丈夫|妻子|恋爱|分手|علاقة|"
      "العلاقة|زوجي|زوجتي|حبيبي|حبيبتي|रिश्ते|रिश्ता|पति|पत्नी|बॉयफ्रेंड|गर्लफ्रेंड|iliski*|"
      "sevgili*|kocam*|karim*|esim*|հարաբեր*|ընկերուհ*|ամուսն*|ურთიერთობ*|შეყვარებულ*|ქმარ*|"
      "ცოლ*|verhouding*|kerel*|meisie*|eggenoot*"),
    C("family", "relationships", "family|families|parent|parents|mother|father|mom|dad|familia*|padres|madre|padre|"
      "famille*|mere|pere|parents|familia|mae|pai|familia|pares|сім'*|родин*|семь*|батьк*|"
      "мам*|отц*|отец|родител*|家族|両親|家庭|父母|妈妈|爸爸|عائلة|عائلتي|أسرة|والد*|أمي|أبي|परिवार|माता|"
      "पिता|माँ|aile*|annem*|babam*|ընտանիք*|ծնող*|մայր*|հայր*|ოჯახ*|მშობ*|დედა*|მამა*|"
      "familie*|ouers|両親|母亲|父亲|父母"),
    C("parenting", "relationships", "child*|kid|kids|toddler*|baby|babies|teenager*|parenting|nino*|nina*|hijo*|hija*|bebe*|"
      "adolescente*|enfant*|ado|ados|filho*|filha*|crianca*|adolescent*|filla*|nen|nens|nena*|"
      "дит*|діт*|малюк*|підлітк*|ребен*|ребён*|малыш*|подрост*|子供|子ども|赤ちゃん|息子|娘|育児|孩子|儿子|女儿|"
      "宝宝|婴儿|育儿|青少年|طفل|أطفال|الأطفال|ابني|ابنتي|رضيع|مراهق*|बच्च*|बेटा|बेटी|शिशु|cocuk*|"
      "bebek*|ergen*|երեխա*|երեխ*|դեռահաս*|ბავშვ*|შვილ*|მოზარდ*|kinders|baba|tiener*|дети|"
      "детей|детям|ребенок|ребёнок"),
    C("friendship", "relationships", "friend*|amig*|ami|amie|amis|amies|amizade*|amistat*|друг|друга|другу|друз*|подруг*|"
      "дружб*|友達|友人|友情|朋友|友谊|صديق*|أصدقاء|صداقة|दोस्त*|मित्र|दोस्ती|arkadas*|ընկեր*|ընկերութ*|"
      "მეგობ*|vriend*|maat|maats"),
    C("wedding", "relationships", "wedding*|marriage|boda*|matrimonio|mariage*|casamento*|noce*|casament*|весілл*|свадьб*|"
      "結婚式|結婚|婚礼|结婚|婚姻|زفاف|عرس|الزواج|शादी|विवाह|dugun*|evlilik*|հարսանիք*|ամուսնութ*|"
      "ქორწილ*|ქორწინებ*|troue|bruilof*|huwelik*"),
    C("birthday", "relationships", "birthday*|party|parties|cumpleanos|fiesta*|anniversaire*|fete*|aniversario*|festa*|"
      "aniversari*|день народжен*|дня народжен*|свят*|день рождени*|дня рождени*|праздник*|"
      "誕生日|パーティー|生日|派对|聚会|عيد ميلاد|حفلة|جन्मदिन|जन्मदिन|पार्टी|dogum gun*|parti*|ծննդյան|"
      "ծնունդ*|խնջույք*|დაბადების დღე*|წვეულებ*|verjaar*|partytjie*"),
    C("rent", "home", "rent|rental|renting|lease|tenant*|landlord*|deposit|alquiler*|inquilino*|casero*|"
      "arrendador*|fianza|loyer*|locataire*|proprietaire*|bail|caution|aluguel*|aluguer*|"
      "inquilino*|senhorio*|caucao|lloguer*|llogater*|оренд*|оренда*|орендодав*|оренди|аренд*|"
      "арендодат*|квартплат*|家賃|賃貸|大家|租金|房租|租房|房东|租客|إيجار|ايجار|المستأجر|المالك|किराया|"
      "किरायेदार|मकान मालिक|kira*|kiraci*|ev sahib*|վարձ*|վարձակալ*|տանտեր*|ქირ*|მეიჯარ*|"
      "huur*|verhuurder*|huurder*"),
    C("housing", "home", "apartment*|flat|house|home|piso|apartamento*|casa|vivienda*|appartement*|maison*|"
      "logement*|apartamento|casa|moradia|pis|habitatge*|квартир*|будин*|житл*|дом|жиль*|アパート|"
      "マンション|住宅|公寓|房子|住房|شقة|منزل|بيت|سكن|अपार्टमेंट|फ्लैट|घर|daire*|ev|evi|evim*|konut*|"
      "բնակարան*|տուն|տան|ბინა|ბინის|ბინაში|სახლ*|woonstel*|huis*"),
    C("home repair", "home", "repair*|diy|plumbing|leak*|faucet|drywall|reparar|reparacion*|fuga*|grifo*|bricolaje|"
      "reparer|reparation*|fuite*|robinet*|bricolage|consertar|conserto*|vazamento*|torneira*|"
      "reparar|aixeta*|ремонт*|протік*|кран*|протеч*|修理|水漏れ|蛇口|DIY|修理|维修|漏水|水龙头|إصلاح|تسرب|"
      "صنبور|मरम्मत|रिसाव|नल|tamir*|onarim*|sizinti*|musluk*|նորոգ*|արտահոս*|ծորակ*|შეკეთებ*|"
      "რემონტ*|ონკან*|herstel*|lek|lekkasie*|kraan*"),
    C("garden", "home", "garden*|plant|plants|jardin*|planta*|plante*|jardim*|plantas|jardi*|сад|саду|город|"
      "рослин*|растени*|庭|植物|花园|植物|حديقة|نبات*|बगीचा|पौध*|bahce*|bitki*|այգի*|բույս*|ბაღ*|"
      "მცენარ*|tuin*|plant*"),
    C("car", "home", "car|cars|vehicle*|coche*|auto|autos|vehiculo*|voiture*|vehicule*|carro*|veiculo*|"
      "cotxe*|машин*|автомоб*|авто|車|自動車|汽车|车|سيارة|السيارة|कार|गाड़ी|araba*|arac*|մեքենա*|"
      "ավտոմեքենա*|მანქან*|ავტომობილ*|motor|motors|voertuig*"),
    C("shopping", "home", "shopping|buy|buying|purchase*|compra*|comprar|achat*|acheter|compra|compras|comprar|"
      "покупк*|купит*|купуван*|придба*|買い物|購入|买|购物|شراء|تسوق|खरीद*|खरीदारी|alisveris*|"
      "satin al*|գնում*|գնել|საყიდ*|ყიდვ*|შოპინგ*|koop|inkopies"),
    C("pet", "home", "pet|pets|dog|dogs|puppy|puppies|cat|cats|kitten*|perro*|gato*|cachorro*|mascota*|"
      "chien*|chiot*|chaton*|animal de compagnie|animaux|cao|caes|gato|gatos|gatinho*|"
      "animal de estimacao|gos|gossos|gat|gats|cadell*|mascota|собак*|пес|цуцен*|кіт|кішк*|"
      "кошеня*|щен*|кот|кота|кошк*|котен*|питом*|犬|猫|ペット|子犬|狗|猫|宠物|小狗|小猫|كلب|قطة|قط|الكلب|"
      "القطة|حيوان أليف|कुत्ता|कुत्ते|बिल्ली|पिल्ला|पालतू|kopek*|kedi*|yavru*|evcil hayvan*|"
      "շուն|շան*|կատու*|լակոտ*|ძაღლ*|კატა|კატის|კატას|ლეკვ*|kat|katte|troeteldier*|katjie*|"
      "hond|honde"),
    C("music", "entertainment", "music*|guitar*|piano*|musica*|guitarra*|musique*|guitare*|musica|violao|musica|музик*|"
      "гітар*|гитар*|фортепіано|фортепиано|音楽|ギター|ピアノ|音乐|吉他|钢琴|موسيقى|الموسيقى|غيتار|بيانو|"
      "संगीत|गिटार|पियानो|muzik*|gitar*|piyano*|երաժշտ*|կիթառ*|դաշնամուր*|მუსიკ*|გიტარ*|"
      "პიანინო*|musiek*|kitaar*|klavier*"),
    C("movie", "entertainment", "movie*|film|films|cinema|pelicula*|cine|filme*|pel·licul*|фільм*|фильм*|кино|映画|电影|影片|"
      "فيلم|أفلام|الفيلم|फिल्म|film*|sinema*|ֆիլմ*|կինո*|ფილმ*|კინო*|fliek*|rolprent*"),
    C("book", "entertainment", "books|novel|libro*|livre*|livro*|llibre*|книг*|книж*|書籍|本を|読書|书籍|读书|كتاب|كتب|الكتاب|"
      "किताब|पुस्तक|kitap*|kitab*|գիրք*|գրք*|წიგნ*|boek*|books|reading|书籍|读书|看书|这本书"),
    C("game", "entertainment", "game|games|gaming|videogame*|video game*|juego|juegos|videojuego*|jeu|jeux|jeu video|"
      "jogo|jogos|videogame|joc|jocs|videojoc*|гра|гри|гру|грі|ігр*|игр*|ゲーム|游戏|لعبة|ألعاب|"
      "الألعاب|खेल|गेम|oyun*|խաղ*|თამაშ*|speletjie*|spel|spelle|rekenaarspel*"),

    /* ---- health ---- */
    C("cough", "health", "cough*|tos|toser|toux|tousser|tosse|tossir|tos|кашл*|咳|咳嗽|سعال|كحة|खांसी|oksuruk*|"
      "oksur*|հազ|հազում|հազի|ხველ*|hoes*"),
    C("fever", "health", "fever*|fiebre|fievre|febre|febre|температур*|лихорад*|гарячк*|熱が|発熱|高熱|发烧|发热|حمى|الحمى|"
      "حرارة|बुखार|ջերմ*|ცხელებ*|სიცხ*|koors*|ates|atesi|atesim"),
    C("headache", "health", "headache*|migraine*|dolor de cabeza|mal de tete|maux de tete|dor de cabeca|mal de cap|"
      "головн* біл*|головн* бол*|мігрен*|мигрен*|頭痛|片頭痛|头痛|头疼|偏头痛|صداع|الصداع|الشقيقة|सिरदर्द|"
      "सिर दर्द|माइग्रेन|bas agri*|bas agrisi|migren*|գլխացավ*|შაკიკ*|თავის ტკივილ*|hoofpyn*|"
      "migraine"),
    C("pain", "health", "sore|dolor*|duele|douleur*|mal au|dor|dores|doi|dolor|біль|болі|болить|боль|боли|"
      "болит*|болят|痛み|痛い|疼|疼痛|痛|ألم|آلام|وجع|दर्द|agriyor|ցավ*|ტკივ*|pyn*|seer|pain|pains|"
      "painful|ache|aches|aching|agri|agrisi|agriyor"),
    C("stomach", "health", "stomach*|nausea|diarrh*|estomago|nausea*|diarrea|estomac|nausee*|diarrhee|estomago|"
      "enjoo|diarreia|estomac|nausea|шлун*|нудот*|діаре*|желуд*|тошнот*|диаре*|胃|吐き気|下痢|胃痛|恶心|"
      "腹泻|معدة|المعدة|غثيان|إسهال|पेट|मतली|दस्त|mide*|bulanti*|ishal*|ստամոքս*|սրտխառն*|კუჭ*|"
      "გულისრევ*|maag*|naar"),
    C("medicine", "health", "medicine*|medication*|drug interaction*|dosage|medicament*|medicamento*|pastilla*|"
      "dosis|medicament*|comprime*|remedio*|comprimido*|pastilha*|ліки|ліків|ліками|таблетк*|"
      "лекарств*|препарат*|薬|服用|药|药物|吃药|剂量|دواء|أدوية|الدواء|حبوب|جرعة|दवा|दवाई|दवाइयां|खुराक|"
      "ilac*|hap|haplar*|դեղ*|წამალ*|მედიკამენტ*|medisyne*|medikasie*|pille|pill|pills"),
    C("doctor", "health", "doctor*|hospital*|clinic*|medico*|medica*|medecin*|hopital*|clinique*|metge*|лікар*|"
      "врач*|доктор*|больниц*|клінік*|клиник*|医者|医師|病院|クリニック|医生|医院|诊所|طبيب|الطبيب|أطباء|"
      "مستشفى|المستشفى|عيادة|डॉक्टर|चिकित्सक|अस्पताल|doktor*|hekim*|hastane*|klinik*|բժիշկ*|"
      "բժշկ*|հիվանդանոց*|ექიმ*|საავადმყოფო*|კლინიკ*|dokter*|hospitaal*|kliniek*"),
    C("symptoms", "health", "symptom*|sintoma*|symptome*|simptom*|симптом*|症状|症状|أعراض|الأعراض|लक्षण|belirti*|"
      "semptom*|ախտանիշ*|სიმპტომ*|simptoom*|simptome"),
    C("diagnosis", "health", "diagnos*|diagnostic*|diagnostico*|diagnostiqu*|diagnostic|діагноз*|діагност*|диагноз*|"
      "диагност*|診断|诊断|确诊|تشخيص|निदान|teshis*|tani|tanisi|ախտորոշ*|დიაგნოზ*|დიაგნოსტ*|"
      "diagnose*"),
    C("pregnancy", "health", "pregnan*|embaraz*|grossesse*|enceinte|gravidez|gravida|embaras*|вагітн*|беременн*|妊娠|"
      "妊婦|怀孕|孕妇|孕期|حمل|الحمل|حامل|गर्भ*|प्रेग्नेंसी|hamile*|gebelik*|հղի*|ორსულ*|swanger*"),
    C("allergy", "health", "allerg*|alergi*|allergi*|алерг*|аллерг*|アレルギー|过敏|حساسية|एलर्जी|alerji*|ալերգ*|ალერგი*|"
      "allergie*"),
    C("diabetes", "health", "diabet*|insulin*|diabete|insulina*|діабет*|инсулин*|інсулін*|диабет*|糖尿病|インスリン|胰岛素|"
      "السكري|مرض السكر|الأنسولين|मधुमेह|डायबिटीज|इंसुलिन|diyabet*|seker hastal*|insulin*|"
      "շաքարախտ*|ինսուլին*|დიაბეტ*|ინსულინ*|suikersiekte*"),
    C("blood pressure", "health", "blood pressure|hypertension|presion arterial|hipertension|tension arterielle|"
      "hypertension|pressao arterial|hipertensao|pressio arterial|артеріальн* тиск*|тиск*|"
      "гіпертон*|давлени*|гипертон*|血圧|高血压|血压|ضغط الدم|ارتفاع ضغط|रक्तचाप|ब्लड प्रेशर|"
      "tansiyon*|hipertansiyon*|ճնշում*|զարկերակ*|წნევ*|ჰიპერტონ*|bloeddruk*"),
    C("vaccine", "health", "vaccin*|vacun*|vacina*|вакцин*|щепл*|прививк*|ワクチン|予防接種|疫苗|接种|لقاح|التطعيم|تطعيم|टीका|"
      "टीकाकरण|वैक्सीन|asi|asilar*|asilama*|պատվաստ*|ვაქცინ*|აცრ*|entstof*|inenting*"),
    C("anxiety", "mental health", "anxi*|panic|worry|worried|ansiedad|panico|ansios*|anxiete|anxieux|anxieuse|panique|"
      "ansiedade|ansioso*|ansietat|тривог*|тривожн*|панік*|тревог*|тревожн*|паник*|不安|パニック|焦虑|"
      "恐慌|担心|قلق|القلق|ذعر|चिंता|घबराहट|बेचैनी|kaygi*|anksiyete*|endise*|panik*|անհանգստ*|"
      "տագնապ*|შფოთ*|ნერვიულ*|პანიკ*|angs*|bekommer*|paniek*"),
    C("stress", "mental health", "stress*|burnout|overwhelm*|estres|estresad*|agotamiento|stresse*|epuisement|estresse|"
      "estressad*|estres|стрес*|вигоран*|выгоран*|ストレス|燃え尽き|压力|倦怠|ضغط نفسي|توتر|التوتر|إرهاق|"
      "तनाव|थकान|stres*|tukenmis*|սթրես*|հոգնած*|სტრეს*|გადაღლ*|spanning*"),
    C("depression", "mental health", "depress*|depresion|deprimid*|depression|deprime*|depressao|deprimid*|depressio|депрес*|"
      "уныни*|うつ|鬱|抑郁|اكتئاب|الاكتئاب|مكتئب|अवसाद|डिप्रेशन|depresyon*|դեպրես*|დეპრეს*|"
      "depressie*|neerslagtig*"),
    C("mental health", "mental health", "mental health|therap*|psycholog*|counsel*|salud mental|terapia*|psicolog*|"
      "sante mentale|therapie*|psychologue*|saude mental|terapeuta*|salut mental|"
      "психічн* здоров*|психическ* здоров*|терап*|психолог*|メンタル|セラピー|カウンセリング|心理健康|心理咨询|心理医生|"
      "الصحة النفسية|علاج نفسي|معالج نفسي|मानसिक स्वास्थ्य|थेरेपी|मनोवैज्ञानिक|ruh sagligi|"
      "terapi*|psikolog*|հոգեկան առողջ*|թերապ*|հոգեբան*|ფსიქიკურ* ჯანმრთ*|თერაპი*|ფსიქოლოგ*|"
      "geestesgesondheid|terapie*|sielkundige*"),
    C("loneliness", "mental health", "lonely|loneliness|alone|soledad|seul|seule|solitude|sozinho*|solidao|soledat|самотн*|"
      "одинок*|одиночеств*|孤独|寂し|孤独|寂寞|وحيد|الوحدة|وحدة|अकेला|अकेली|अकेलापन|yalniz*|միայնակ*|"
      "մենակ*|მარტო*|eensaam*"),
    C("productivity", NULL, "productiv*|procrastinat*|focus|habit*|productividad|procrastina*|"
      "habito*|productivite|procrastination|habitude*|produtividade|procrastinacao|"
      "motivacao|habito*|productivitat|продуктивн*|прокрастин*|звичк*|"
      "привычк*|生産性|先延ばし|習慣|效率|拖延|习惯|الإنتاجية|التسويف|عادات|उत्पादकता|"
      "टालमटोल|आदत*|verimlilik*|erteleme*|aliskanlik*|արտադրողական*|"
      "մոտիվաց*|սովորութ*|პროდუქტიულ*|ჩვევ*|produktiwiteit|uitstel*|"
      "gewoonte*"),

    /* ---- law and paperwork ---- */
    C("law", "law", "law|laws|legal|lawyer*|attorney*|court|sue|ley|leyes|legal|abogad*|tribunal*|loi|lois|"
      "juridique*|avocat*|tribunal|lei|leis|juridic*|advogad*|llei|lleis|advocat*|закон*|"
      "юрист*|адвокат*|суд|суду|судом|法律|弁護士|裁判|违法|律师|法院|起诉|قانون|القانون|قانوني*|محامي|محكمة|"
      "कानून|कानूनी|वकील|अदालत|kanun*|hukuk*|avukat*|mahkeme*|օրենք*|իրավաբան*|փաստաբան*|"
      "դատարան*|კანონ*|ადვოკატ*|იურისტ*|სასამართლო*|wette|regsgeleerde*|prokureur*|hof"),
    C("visa", "law", "visa|visas|passport*|immigra*|residence permit|visado*|pasaporte*|inmigra*|residencia|"
      "passeport*|titre de sejour|passaporte*|imigra*|residencia|passaport*|віза|візу|візи|"
      "паспорт*|іммігр*|еміграц*|виза|визу|визы|иммигр*|эмиграц*|ВНЖ|ビザ|パスポート|移民|在留|签证|护照|居留|"
      "تأشيرة|التأشيرة|جواز سفر|الهجرة|إقامة|वीज़ा|वीजा|पासपोर्ट|आप्रवासन|vize*|pasaport*|"
      "gocmen*|oturma izni|վիզա*|անձնագ*|ներգաղթ*|ვიზ*|პასპორტ*|ემიგრაც*|imigrac*|visum*|"
      "paspoort*|immigrasie*"),
    C("complaint", "law", "complain*|complaint*|refund*|warranty|queja*|reclamacion*|reembolso*|devolucion*|"
      "garantia|reclamation*|plainte*|remboursement*|rembourser|garantie|reclamacao|queixa*|"
      "reembolso|devolucao|garantia|reclamacio*|reemborsament*|скарг*|повернен*|гаранті*|"
      "жалоб*|претензи*|возврат*|гарант*|苦情|クレーム|返金|返品|保証|投诉|退款|退货|保修|شكوى|شكاوى|استرداد|"
      "إرجاع|ضمان|शिकायत|रिफंड|वापसी|वारंटी|sikayet*|iade*|garanti*|բողոք*|վերադարձ*|երաշխիք*|"
      "საჩივ*|დაბრუნებ*|გარანტი*|klagte*|terugbetal*|waarborg*"),
    C("neighbor", NULL, "neighbo*|vecino*|voisin*|vizinh*|vei|veins|veina*|сусід*|сосед*|隣人|近所|邻居|جار|جاري|"
      "جيران|الجيران|पड़ोसी|komsu*|հարևան*|հարեւան*|მეზობ*|buurman*|bure"),

    /* ---- creative ---- */
    C("role-play", "fiction", "role-play*|roleplay*|role play*|rp|juego de rol|juguemos|rol|jeu de role|jeux de role|"
      "incarne|jogo de rpg|rpg|interprete|joc de rol|рольов*|ролев*|ролевую игру|зіграй|"
      "сыграй|ロールプレイ|なりきり|演じて|角色扮演|扮演|لعب الأدوار|لعب دور|تقمص|रोलप्ले|रोल प्ले|किरदार निभा*|"
      "rol yap*|rol oyun*|canlandir*|դերային*|դերը|როლურ*|როლ*|rolspel*|speel die rol"),
    C("character", "fiction", "character*|personaje*|personnage*|personagem*|personage*|personatge*|персонаж*|キャラ*|"
      "キャラクター|登場人物|角色|人物|شخصية|الشخصية|شخصيات|किरदार|पात्र|karakter*|կերպար*|հերոս*|პერსონაჟ*|"
      "გმირ*|karakter"),
    C("fantasy", "fiction", "fantasy|dragon*|wizard*|knight*|elf|elves|tavern*|fantasia|dragon|dragones|mago*|"
      "caballero*|fantastique|dragon|magicien*|sorcier*|chevalier*|fantasia|dragao|dragoes|"
      "feiticeiro*|cavaleiro*|drac|dracs|bruixot*|cavaller*|фентез*|фэнтез*|дракон*|чарівник*|"
      "лицар*|волшебник*|рыцар*|маг|ファンタジー|ドラゴン|竜|龍|魔法使い|騎士|魔法|奇幻|龙|巫师|魔法师|骑士|خيال|التنين|"
      "تنين|ساحر|فارس|काल्पनिक|फैंटेसी|ड्रैगन|जादूगर|शूरवीर|fantastik*|fantezi*|ejderha*|"
      "buyucu*|sovalye*|ֆանտաստ*|ֆենթեզի*|վիշապ*|կախարդ*|ասպետ*|ფენტეზ*|დრაკონ*|ჯადოქ*|რაინდ*|"
      "fantasie*|draak|drake|towenaar*|ridder*"),
    C("companion", "fiction", "companion|virtual girlfriend|virtual boyfriend|be my girlfriend|be my boyfriend|"
      "pretend to be my|novia virtual|novio virtual|petite amie virtuelle|namorada virtual|"
      "namorado virtual|віртуальн* дівчин*|виртуальн* девушк*|彼女になって|恋人になって|虚拟女友|虚拟男友|当我的女朋友|"
      "当我的男朋友|حبيبة افتراضية|वर्चुअल गर्लफ्रेंड|sanal sevgili*|վիրտուալ ընկերուհ*|"
      "ვირტუალურ* შეყვარებულ*|virtuele meisie*"),
    C("worldbuilding", "fiction", "worldbuilding|world-building|lore|world building|construccion de mundo*|worldbuilding|"
      "construction de monde*|construcao de mundo*|construccio de mon*|світобудув*|世界観|世界观|设定|"
      "بناء العالم|विश्व निर्माण|dunya insa*|աշխարհաստեղծ*|სამყაროს შექმნ*|wêreldbou*|"
      "wereldbou*"),
    C("joke", NULL, "joke*|humor|humour|funny|chiste*|broma*|gracioso*|blague*|drole*|piada*|engracad*|"
      "acudit*|broma|жарт*|анекдот*|шутк*|смешн*|смішн*|ジョーク|冗談|面白い|笑话|幽默|段子|نكتة|نكت|مضحك|"
      "चुटकुला|चुटकुले|मज़ेदार|fikra*|saka*|komik*|կատակ*|զվարճ*|ანეკდოტ*|ხუმრობ*|სასაცილ*|"
      "grap*|snaaks*"),
    C("ideas", NULL, "idea|ideas|brainstorm*|idee|idees|ideia*|idees|ідеї|ідей|ідею|идеи|идею|идей|アイデア|"
      "アイディア|想法|点子|创意|أفكار|فكرة|विचार|आइडिया|fikir*|fikr*|գաղափար*|იდე*|idee*|idees"),

    /* ---- harmful ---- */
    C("malware", "cybercrime", "malware|virus|viruses|trojan*|worm|rootkit*|botnet*|software malicioso|"
      "logiciel malveillant|logiciels malveillants|programari maliciós|programari malicios|"
      "troyano*|cheval de troie|вірус*|вредонос*|шкідлив* програм*|шкідливе ПЗ|вирус*|троян*|"
      "マルウェア|ウイルス|ウィルス|トロイ|恶意软件|病毒|木马|برمجيات خبيثة|برنامج خبيث|فيروس|فيروسات|حصان طروادة|"
      "मैलवेयर|वायरस|ट्रोजन|zararli yazilim*|virus*|virüs*|truva at*|վնասակար*|վիրուս*|"
      "տրոյան*|მავნე*|ვირუს*|ტროიან*|wanware|virusse"),
    C("ransomware", "cybercrime", "ransomware|encrypt* files|ransom|secuestro de datos|rancongiciel*|programa de resgate|"
      "вимагач*|вымогател*|шифровальщик*|ランサムウェア|勒索软件|勒索|فدية|برنامج الفدية|रैंसमवेयर|फिरौती|"
      "fidye*|փրկագն*|გამოსასყიდ*|losprys*"),
    C("keylogger", "cybercrime", "keylogger*|keystroke*|кейлогер*|кейлоггер*|клавиатурн* шпион*|キーロガー|キー入力|键盘记录|記録キー|"
      "مسجل المفاتيح|ضغطات المفاتيح|कीलॉगर|tus kaydedic*|keylogger|ստեղնաշարի*|კლავიატურ*|"
      "toetsaanslag*"),
    C("hacking", "cybercrime", "hack*|brute force|bruteforce|break into|piratear|pirate*|hackear|pirater|piratage|"
      "invadir|invasao|хак*|взлом*|злам*|зламат*|ハッキング|ハック|乗っ取|不正アクセス|黑客|入侵|破解|黑进|盗号|اختراق|"
      "تهكير|هكر|हैक*|hackle*|hacklem*|sifre kir*|հաք*|ჰაკ*|inbreek*|crack password|"
      "password cracking|cracking|sifre kir*"),
    C("phishing", "cybercrime", "phish*|фишинг*|фішинг*|フィッシング|钓鱼|网络钓鱼|تصيد|التصيد|फ़िशिंग|फिशिंग|oltalama*|ֆիշինգ*|"
      "ფიშინგ*|uitvissing*"),
    C("scam", "fraud", "scam*|fraud*|con artist|swindl*|estafa*|fraude*|timo*|arnaque*|escroquer*|escroc*|"
      "golpe*|burla*|fraude|estafa|шахрай*|афер*|мошенни*|詐欺|騙|骗|诈骗|欺诈|骗局|احتيال|نصب|النصب|"
      "الاحتيال|धोखाधड़ी|ठगी|घोटाला|धोखा|dolandiric*|sahtekar*|խարդախ*|խաբ*|თაღლით*|bedrog*|"
      "swendel*|kullery*|kullery"),
    C("fake", "fraud", "fake*|counterfeit*|falso*|falsa*|falsificar|falsifica*|faux|fausse*|contrefa*|falso|"
      "falsa|falsificacao|fals|falsa|підроб*|фальши*|фейк*|поддел*|фальсиф*|偽|偽物|フェイク|偽造|伪造|"
      "假冒|مزيف*|مزورة|تزوير|مزور|नकली|फर्जी|फ़र्ज़ी|sahte*|կեղծ*|ყალბ*|გაყალბ*|vals|vervals*|"
      "nagemaak*"),
    C("weapon", "weapons", "weapon*|gun|guns|firearm*|rifle*|pistol*|ammunition|ammo|arma|armas|arma de fuego|"
      "fusil*|pistola*|municion*|arme|armes|arme a feu|munition*|armas de fogo|municao|"
      "arma de foc|зброя|зброї|зброю|вогнепальн*|пістолет*|рушниц*|оруж*|огнестрел*|пистолет*|"
      "винтовк*|патрон*|武器|銃|拳銃|弾薬|枪|枪支|手枪|弹药|سلاح|أسلحة|الأسلحة|مسدس|بندقية|ذخيرة|हथियार|"
      "बंदूक|पिस्तौल|गोला-बारूद|silah*|tabanca*|tufek*|muhimmat*|զենք*|ատրճանակ*|հրացան*|"
      "იარაღ*|პისტოლეტ*|თოფ*|wapen*|geweer*|pistool*|ammunisie*"),
    C("explosive", "weapons", "explosive*|bomb*|detonat*|grenade*|explosivo*|bomba*|detona*|granada*|explosif*|bombe*|"
      "explosiu*|вибух*|бомб*|детонат*|граната*|взрыв*|爆弾|爆発|起爆|炸弹|爆炸|炸药|雷管|متفجر*|قنبلة|"
      "عبوة ناسفة|تفجير|बम|विस्फोटक|डेटोनेटर|patlayici*|bomba*|patlat*|պայթ*|ռումբ*|ასაფეთქ*|"
      "ბომბ*|აფეთქ*|plofstof*|bomme"),
    C("drugs", "harm", "drug|drugs|narcotic*|meth|methamphetamine|cocaine|heroin|fentanyl|droga|drogas|"
      "narcotico*|metanfetamina|cocaina|heroina|fentanilo|drogue*|stupefiant*|methamphetamine|"
      "drogues|наркот*|метамфетамин*|кокаїн*|героїн*|фентаніл*|кокаин*|героин*|фентанил*|麻薬|"
      "覚醒剤|コカイン|毒品|冰毒|可卡因|海洛因|芬太尼|مخدر*|المخدرات|كوكايين|هيروين|ड्रग्स|नशीले पदार्थ|कोकीन|"
      "हेरोइन|uyusturucu*|kokain*|eroin*|թմրանյութ*|թմրադեղ*|ნარკოტიკ*|კოკაინ*|ჰეროინ*|dwelm*|"
      "kokaien*|heroien*"),
    C("poison", "harm", "poison*|toxin*|veneno*|envenenar|poison*|empoisonn*|veneno|envenenar|отрут*|отруї*|яд|"
      "яда|ядом|отрав*|毒殺|毒物|毒を|毒药|毒物|下毒|سموم|تسميم|زهر|जहर|ज़हर|विष|zehir*|zehirle*|թույն*|"
      "թունավոր*|შხამ*|საწამლავ*|მოწამვლ*|vergiftig*|enverinar*|enverinament*"),
    C("violence", "harm", "kill|killing|murder*|hurt someone|matar|asesin*|tuer|meurtre*|assassin*|matar|"
      "assassinat*|matar|assassina*|вбит*|вбив*|убит*|убий*|убива*|殺す|殺し|殺害|杀人|杀死|杀掉|谋杀|قتل|"
      "اغتيال|हत्या|मार डाल*|oldur*|cinayet*|սպան*|მოკვლ*|მკვლელ*|doodmaak|moord*"),
    C("stalking", "harm", "stalk*|spy|spying|track someone|track my|surveil*|espiar|rastrear|espionner|"
      "suivre quelqu|espionar|rastrear|localitzacio|стеж*|шпигу*|відстеж*|місцезнаход*|"
      "следить|слежк*|шпион*|отслежива*|ストーカー|監視|追跡|监视|跟踪|偷看|تجسس|مراقبة|تتبع|जासूसी|casus*|"
      "լրտես*|գտնվելու վայր*|თვალთვალ*|ჯაშუშ*|ადგილმდებარეობ*|spioen*|bespied*|opspoor*"),
    C("spam", "fraud", "spam*|bulk email|mass email|bots|bot|fake accounts|clickbait|content farm*|"
      "correo masivo|spam|courriels en masse|email em massa|спам*|розсилк*|рассылк*|ботов|"
      "ботів|スパム|一斉送信|垃圾邮件|群发|水军|刷单|بريد عشوائي|سبام|رسائل جماعية|स्पैम|बल्क ईमेल|istenmeyen|"
      "toplu e-posta|սպամ*|სპამ*|gemorspos|strooipos"),
    C("suicide", "crisis", "suicid*|kill myself|end my life|want to die|dont want to live|quitarme la vida|"
      "acabar con mi vida|quiero morir|no quiero vivir|me tuer|en finir|"
      "mettre fin a mes jours|je veux mourir|me matar|acabar com a minha vida|quero morrer|"
      "vull morir|suicidi|самогуб*|покінчити з собою|хочу померти|не хочу жити|суицид*|"
      "самоубийств*|покончить с собой|хочу умереть|не хочу жить|自殺|死にたい|消えたい|自杀|想死|不想活|活不下去|"
      "انتحار|الانتحار|أريد أن أموت|أنهي حياتي|आत्महत्या|मरना चाहता|मरना चाहती|जीना नहीं|"
      "intihar*|olmek istiyorum|kendimi oldur*|ինքնասպան*|ուզում եմ մեռնել|თვითმკვლელ*|"
      "მინდა მოვკვდე|selfmoord*|wil doodgaan"),
    C("self-harm", "crisis", "self-harm|self harm|selfharm|cutting myself|hurt myself|hurting myself|autolesion*|"
      "hacerme dano|cortarme|automutilation|me faire du mal|me scarifier|automutila*|"
      "me machucar|me cortar|autolesio*|fer-me mal|самоушкодж*|завда* собі біль|різати себе|"
      "самоповрежд*|причинить себе боль|резать себя|自傷|リストカット|自分を傷つけ|自残|自伤|割腕|伤害自己|"
      "إيذاء النفس|أؤذي نفسي|جرح نفسي|आत्म-हानि|खुद को चोट|kendime zarar*|kendine zarar*|"
      "ինքնավնաս*|ինձ վնասել|თვითდაზიანებ*|თავის დაზიანებ*|selfbeseer*|selfskade|"
      "myself seermaak"),
    C("crisis", "crisis", "crisis|hopeless|cant go on|emergency|crisis|desesperad*|sin esperanza|crise|desespere*|"
      "sans espoir|crise|desesperad*|sem esperanca|crisi|безнадійн*|безнадежн*|кризис*|криза|"
      "絶望|もう無理|绝望|撑不下去|يأس|ميؤوس|أزمة|निराशा|संकट|umutsuz*|kriz*|հուսահատ*|ճգնաժամ*|უიმედო*|"
      "კრიზის*|hopeloos*|krisis"),
};

const size_t kl_concept_count = sizeof kl_concept_lexicon / sizeof *kl_concept_lexicon;

/* textfold.c — case and diacritic folding and the character classes of single code
 * points (see textfold.h).
 * Tables cover the blocks people actually write in: Latin-1, Latin Extended-A and
 * Extended Additional (Vietnamese, Yoruba), Greek, Cyrillic, Armenian. */
#include "kleio/textfold.h"

/* Base letter of U+00C0..U+00FF, already lower case; × and ÷ (the '*' and '/'
 * places) are not letters and are returned unchanged. */
static const char k_latin1[] = "aaaaaaaceeeeiiiidnooooo*ouuuuyts"
                               "aaaaaaaceeeeiiiidnooooo/ouuuuyty";
/* Base letter of U+0100..U+017F. */
static const char k_latin_ext_a[] = "aaaaaaccccccccdd" "ddeeeeeeeeeegggg"
                                    "gggghhhhiiiiiiii" "iiiijjkkklllllll"
                                    "lllnnnnnnnnnoooo" "oooorrrrrrssssss"
                                    "ssttttttuuuuuuuu" "uuuuwwyyyzzzzzzs";
/* Base letter of U+1E00..U+1EFF. */
static const char k_latin_ext_add[] = "aabbbbbbccdddddd" "ddddeeeeeeeeeeff"
                                      "gghhhhhhhhhhiiii" "kkkkkkllllllllmm"
                                      "mmmmnnnnnnnnoooo" "oooopppprrrrrrrr"
                                      "sssssssssstttttt" "ttuuuuuuuuuuvvvv"
                                      "wwwwwwwwwwxxxxyy" "zzzzzzhtwyassssd"
                                      "aaaaaaaaaaaaaaaa" "aaaaaaaaeeeeeeee"
                                      "eeeeeeeeiiiioooo" "oooooooooooooooo"
                                      "oooouuuuuuuuuuuu" "uuyyyyyyyyllvvyy";

uint32_t kl_fold_lower(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
        return cp + 0x20;
    if (cp >= 0x100 && cp <= 0x17F) {
        if (cp == 0x130)
            return 'i';
        if (cp == 0x178)
            return 0xFF;
        bool upper_even = (cp <= 0x137 && cp != 0x131) || (cp >= 0x14A && cp <= 0x177);
        bool upper_odd = (cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E);
        if ((upper_even && cp % 2 == 0) || (upper_odd && cp % 2 == 1))
            return cp + 1;
        return cp;
    }
    if (cp >= 0x1E00 && cp <= 0x1EFF && !(cp >= 0x1E96 && cp <= 0x1E9F))
        return cp % 2 == 0 ? cp + 1 : cp;
    if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2)
        return cp + 0x20;
    if (cp == 0x386)
        return 0x3AC;
    if (cp >= 0x388 && cp <= 0x38A)
        return cp + 0x25;
    if (cp == 0x38C)
        return 0x3CC;
    if (cp == 0x38E || cp == 0x38F)
        return cp + 0x3F;
    if (cp >= 0x410 && cp <= 0x42F)
        return cp + 0x20;
    if (cp >= 0x400 && cp <= 0x40F)
        return cp + 0x50;
    if ((cp >= 0x460 && cp <= 0x481) || (cp >= 0x48A && cp <= 0x4BF) ||
        (cp >= 0x4D0 && cp <= 0x52F))
        return cp % 2 == 0 ? cp + 1 : cp;
    if (cp >= 0x4C1 && cp <= 0x4CE)
        return cp % 2 == 1 ? cp + 1 : cp;
    if (cp >= 0x531 && cp <= 0x556)
        return cp + 0x30;
    if (cp >= 0xFF21 && cp <= 0xFF3A)
        return cp - 0xFF21 + 'a';
    if (cp >= 0xFF41 && cp <= 0xFF5A)
        return cp - 0xFF41 + 'a';
    if (cp >= 0xFF10 && cp <= 0xFF19)
        return cp - 0xFF10 + '0';
    return cp;
}

uint32_t kl_fold_base(uint32_t cp)
{
    cp = kl_fold_lower(cp);
    if (cp < 0x80)
        return cp;
    if (cp >= 0xC0 && cp <= 0xFF)
        return cp == 0xD7 || cp == 0xF7 ? cp : (uint32_t)(unsigned char)k_latin1[cp - 0xC0];
    if (cp >= 0x100 && cp <= 0x17F)
        return (uint32_t)(unsigned char)k_latin_ext_a[cp - 0x100];
    if (cp >= 0x1E00 && cp <= 0x1EFF)
        return (uint32_t)(unsigned char)k_latin_ext_add[cp - 0x1E00];
    switch (cp) {
    case 0x451: return 0x435;                          /* ё → е */
    case 0x622: case 0x623: case 0x625: case 0x671:    /* alef with hamza/madda → alef */
        return 0x627;
    case 0x649: case 0x6CC: return 0x64A;              /* alef maksura, Farsi yeh → yeh */
    case 0x6A9: return 0x643;                          /* Farsi kaf → kaf */
    case 0x60C: case 0x3001: case 0xFF0C: return ',';  /* Arabic and CJK commas */
    case 0x2018: case 0x2019: case 0x201A: case 0x201B:
    case 0x2032: case 0x00B4: case 0x02BC: case 0xFF07:
        return '\'';
    case 0x201C: case 0x201D: case 0x201E: case 0x201F:
    case 0x00AB: case 0x00BB: case 0x2033: case 0xFF02:
        return '"';
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2212:
        return '-';
    case 0x00A0: case 0x2007: case 0x202F: case 0x3000:
        return ' ';
    default:
        break;
    }
    if (cp >= 0xFF01 && cp <= 0xFF5E)                 /* fullwidth ASCII punctuation */
        return cp - 0xFF01 + '!';
    return cp;
}

bool kl_fold_is_mark(uint32_t cp)
{
    return (cp >= 0x300 && cp <= 0x36F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
           (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
           (cp >= 0xFE20 && cp <= 0xFE2F) || (cp >= 0x64B && cp <= 0x65F) ||
           cp == 0x640 || cp == 0x670 || cp == 0x93C || cp == 0x200B || cp == 0x200C ||
           cp == 0x200D || cp == 0xFEFF || cp == 0x00AD;
}

/* Digits of the scripts kleio reads: they continue a word but are not letters. */
static bool is_digit(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 0x660 && cp <= 0x669) ||
           (cp >= 0x6F0 && cp <= 0x6F9) || (cp >= 0x966 && cp <= 0x96F) ||
           (cp >= 0xFF10 && cp <= 0xFF19);
}

bool kl_cp_is_word(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    if (cp < 0xC0)
        return cp == 0xAA || cp == 0xB5 || cp == 0xBA;
    if (cp == 0xD7 || cp == 0xF7)
        return false;
    if ((cp >= 0x2000 && cp <= 0x2BFF) ||      /* punctuation, symbols, arrows, shapes */
        (cp >= 0x3000 && cp <= 0x303F) ||      /* CJK punctuation */
        (cp >= 0xFE10 && cp <= 0xFE6F) ||      /* vertical and small forms */
        (cp >= 0xFF00 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) ||
        (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65) ||
        (cp >= 0xE000 && cp <= 0xF8FF) ||      /* private use */
        (cp >= 0x1F000 && cp <= 0x1FFFF))      /* emoji and pictographs */
        return false;
    switch (cp) {
    case 0x37E: case 0x387:                                         /* Greek */
    case 0x55A: case 0x55B: case 0x55C: case 0x55D: case 0x55E: case 0x55F:
    case 0x589:                                                     /* Armenian */
    case 0x60C: case 0x61B: case 0x61F: case 0x66A: case 0x66B: case 0x66C:
    case 0x6D4:                                                     /* Arabic */
    case 0x964: case 0x965:                                         /* danda */
    case 0x10FB: case 0xE5A: case 0xE5B:                            /* Georgian, Thai */
    case 0xFFFD:                                                    /* replacement */
        return false;
    default:
        return true;
    }
}

bool kl_cp_is_letter(uint32_t cp)
{
    return kl_cp_is_word(cp) && !is_digit(cp);
}

bool kl_cp_is_unspaced(uint32_t cp)
{
    return (cp >= 0x0E00 && cp <= 0x0EFF) ||   /* Thai, Lao */
           (cp >= 0x1000 && cp <= 0x109F) ||   /* Myanmar */
           (cp >= 0x1780 && cp <= 0x17FF) ||   /* Khmer */
           (cp >= 0x3040 && cp <= 0x30FF) ||   /* kana */
           (cp >= 0x31F0 && cp <= 0x31FF) ||   /* kana extensions */
           (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF66 && cp <= 0xFF9F) ||
           (cp >= 0x20000 && cp <= 0x2FFFF);
}

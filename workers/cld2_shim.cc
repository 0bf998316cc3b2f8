/*
 * cld2_shim: the one C entry point to CLD2, whose API is C++.
 *
 * CLD2's header needs <cstdio> first in Debian's copy. The shim asks for
 * the plain-text summary (no HTML skipping: the text is already extracted)
 * and reports the top language's code. No exception can leave CLD2, which
 * does not throw; the function is nonetheless noexcept so that none could
 * cross into C.
 */
#include <cstdio>
#include <cstring>

#include <cld2/public/compact_lang_det.h>

extern "C" int langid_cld2(const char *buf, size_t len, char *code, size_t codesz,
			   int *reliable) noexcept;

extern "C" int
langid_cld2(const char *buf, size_t len, char *code, size_t codesz, int *reliable) noexcept
{
	CLD2::Language	langs[3];
	int		percent[3], text_bytes = 0;
	bool		ok = false;
	CLD2::Language	top;

	top = CLD2::DetectLanguageSummary(buf, static_cast<int>(len), true, langs, percent,
					  &text_bytes, &ok);
	std::snprintf(code, codesz, "%s", CLD2::LanguageCode(top));
	*reliable = ok ? 1 : 0;
	return 0;
}

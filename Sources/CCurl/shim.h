// Typed wrappers around libcurl's variadic calls, which Swift cannot call directly.
// Each wrapper passes exactly the C type libcurl documents for its option.
#ifndef NOVELIST_CCURL_SHIM_H
#define NOVELIST_CCURL_SHIM_H
#include <curl/curl.h>

static inline CURLcode nv_curl_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode nv_curl_setopt_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode nv_curl_setopt_pointer(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode nv_curl_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode nv_curl_setopt_off(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode nv_curl_setopt_write(CURL *h, curl_write_callback cb) { return curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, cb); }
static inline CURLcode nv_curl_setopt_header(CURL *h, curl_write_callback cb) { return curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, cb); }
static inline CURLcode nv_curl_setopt_xferinfo(CURL *h, curl_xferinfo_callback cb) { return curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, cb); }

static inline long nv_curl_response_code(CURL *h) { long c = 0; curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &c); return c; }
static inline curl_off_t nv_curl_retry_after(CURL *h) { curl_off_t v = 0; curl_easy_getinfo(h, CURLINFO_RETRY_AFTER, &v); return v; }
static inline const char *nv_curl_content_type(CURL *h) { char *v = 0; curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &v); return v; }
static inline int nv_curl_connected(CURL *h) { curl_off_t t = 0; curl_easy_getinfo(h, CURLINFO_CONNECT_TIME_T, &t); return t > 0; }
#endif

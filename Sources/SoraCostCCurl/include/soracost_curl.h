#ifndef SORACOST_CURL_H
#define SORACOST_CURL_H

#include <curl/curl.h>

/// curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call.
/// One typed wrapper per argument kind keeps every call checked by the compiler.

CURLcode soracost_curl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode soracost_curl_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode soracost_curl_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode soracost_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);

typedef size_t (*soracost_curl_data_callback)(char *data, size_t size, size_t count, void *context);
CURLcode soracost_curl_setopt_write_function(CURL *handle, soracost_curl_data_callback callback);
CURLcode soracost_curl_setopt_header_function(CURL *handle, soracost_curl_data_callback callback);

CURLcode soracost_curl_getinfo_long(CURL *handle, CURLINFO info, long *value);

#endif

// The single translation unit holding the compiled Asio, SSL and Beast implementations.
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>

#include "domain/utf8.hpp"
#include <gtest/gtest.h>

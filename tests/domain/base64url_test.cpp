#include "domain/base64url.hpp"
#include <gtest/gtest.h>

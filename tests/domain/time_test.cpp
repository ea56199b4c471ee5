#include "domain/time.hpp"
#include <gtest/gtest.h>

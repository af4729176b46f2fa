"""names.json: define_token."""
from __future__ import annotations

from .common import ADMIN, V14, check_case_against, err, ok
from .reference import name_message, ref_define_token


def names_cases() -> list[dict]:
    valid = [
        ("anchor_v01_define_token_app_read", "app_read"),
        ("anchor_v01_define_token_leading_underscore", "_x"),
        ("anchor_v01_define_token_letter_digit", "A1"),
        ("define_token_single_underscore", "_"),
        ("define_token_single_letter", "a"),
        ("define_token_mixed_case_digits", "Z9_zZ"),
        ("define_token_double_underscores", "__private__"),
        ("define_token_long_snake_case", "frontend_read_token_2024"),
        ("define_token_all_caps", "ADMIN"),
    ]
    invalid = [
        ("anchor_v02_define_token_leading_digit", "1a"),
        ("anchor_v02_define_token_hyphen", "a-b"),
        ("anchor_v02_define_token_empty", ""),
        ("anchor_v02_define_token_space", "a b"),
        ("anchor_v02_define_token_non_ascii_letter", "é"),
        ("anchor_v03_define_token_trailing_newline", "a\n"),
        ("define_token_leading_space", " a"),
        ("define_token_trailing_space", "a "),
        ("define_token_dot", "a.b"),
        ("define_token_leading_tab", "\ta"),
        ("define_token_leading_newline", "\na"),
        ("define_token_trailing_carriage_return", "a\r"),
        ("define_token_only_digits", "9"),
        ("define_token_non_ascii_inside", "app_réad"),
        ("define_token_non_ascii_digit", "a\u0661"),
        ("define_token_quoted", '"app_read"'),
        ("mask_define_token_admin_token", ADMIN),
        ("mask_define_token_jwt", V14),
    ]
    cases = [ok(i, "define_token", {"name": n}, {"name": n}) for i, n in valid]
    cases += [err(i, "define_token", {"name": n}, "invalid_token_name", name_message(n)) for i, n in invalid]
    for case in cases:
        check_case_against(case, ref_define_token)
    return cases

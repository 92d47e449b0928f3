"""Moving an account: the old one stops publishing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from profiles import publishing
from profiles.visibility import Visibility
from tests.conftest import make_experience

pytestmark = pytest.mark.django_db


def test_a_moved_account_can_no_longer_publish(person):
    experience = make_experience(person, Visibility.PUBLIC)
    person.moved_to = "https://other.example/@alice/"
    person.save(update_fields=["moved_to"])
    with pytest.raises(ValidationError, match="moved to https://other.example/@alice/"):
        publishing.publish_experience(experience, Visibility.PUBLIC)

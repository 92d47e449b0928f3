"""Domain models; each module holds one concept."""

from profiles.models.experiences import (
    Experience,
    ExperienceConcept,
    ExperienceKind,
    ExperienceRevision,
    ExperienceTag,
)
from profiles.models.guardian import (
    ConsentRequestState,
    GuardianConsentRequest,
    GuardianRelationship,
)
from profiles.models.people import (
    CommentPolicy,
    CounsellorGrant,
    CounsellorLink,
    Follow,
    FollowState,
    Profile,
    ProfileKind,
    ProfileRevision,
    Role,
)
from profiles.models.vocabulary import Concept, ConceptLabel

__all__ = [
    "CommentPolicy",
    "Concept",
    "ConsentRequestState",
    "ConceptLabel",
    "CounsellorGrant",
    "CounsellorLink",
    "Experience",
    "ExperienceConcept",
    "ExperienceKind",
    "ExperienceRevision",
    "ExperienceTag",
    "Follow",
    "FollowState",
    "GuardianConsentRequest",
    "GuardianRelationship",
    "Profile",
    "ProfileKind",
    "ProfileRevision",
    "Role",
]

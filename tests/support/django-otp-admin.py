"""The Django admin behind django-otp's OTPAdminSite (Debian's python3-django + python3-django-otp), for
the real-app tests: one user with a confirmed TOTP device, served by Django's own server on loopback.

Only the wiring a Django project needs is ours (settings, one URL); every page, form and check is
Django's and django-otp's. Its login page asks for the OTP token in the same form as the password.
Driven by tests/support/django-otp.ts; run with Debian's /usr/bin/python3.
"""
import os

import django
from django.conf import settings

settings.configure(
    DEBUG=True,  # Django's own server serves the admin's CSS only in DEBUG
    SECRET_KEY=os.environ["PW2FA_DJANGO_SECRET"],
    ALLOWED_HOSTS=["127.0.0.1"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=[
        "django.contrib.admin",
        "django.contrib.auth",
        "django.contrib.contenttypes",
        "django.contrib.sessions",
        "django.contrib.messages",
        "django.contrib.staticfiles",
        "django_otp",
        "django_otp.plugins.otp_totp",
    ],
    MIDDLEWARE=[
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django_otp.middleware.OTPMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
    ],
    TEMPLATES=[
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "APP_DIRS": True,
            "OPTIONS": {
                "context_processors": [
                    "django.template.context_processors.request",
                    "django.contrib.auth.context_processors.auth",
                    "django.contrib.messages.context_processors.messages",
                ]
            },
        }
    ],
    DATABASES={
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.path.join(os.environ["PW2FA_DJANGO_DIR"], "db.sqlite3"),
        }
    },
    STATIC_URL="/static/",
    USE_TZ=True,
    DEFAULT_AUTO_FIELD="django.db.models.AutoField",
)
django.setup()

from django.contrib.auth.admin import UserAdmin  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.urls import path  # noqa: E402
from django_otp.admin import OTPAdminSite  # noqa: E402

admin_site = OTPAdminSite()
admin_site.register(User, UserAdmin)
urlpatterns = [path("admin/", admin_site.urls)]

if __name__ == "__main__":
    from django.core.management import call_command
    from django_otp.plugins.otp_totp.models import TOTPDevice

    call_command("migrate", verbosity=0, interactive=False)
    user = User.objects.create_superuser(
        os.environ["PW2FA_DJANGO_LOGIN"], "admin@example.test", os.environ["PW2FA_DJANGO_PASSWORD"]
    )
    TOTPDevice.objects.create(user=user, name="Authenticator", key=os.environ["PW2FA_DJANGO_KEY_HEX"], confirmed=True)
    call_command("runserver", f"127.0.0.1:{os.environ['PW2FA_DJANGO_PORT']}", use_reloader=False, use_threading=True)

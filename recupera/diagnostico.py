"""`recupera doctor`: lo mismo que `GET /salud` (`recupera.salud`) y, además, la configuración
que importa, vista desde la línea de comandos: modo y clave secreta, proxy y dirección pública, la
base migrada a la última revisión, las carpetas de datos y de copias escribibles, el correo
coherente, el directorio, el Python de UNO que importa `uno`, una conversión de verdad de un
documento de prueba a PDF/A (con el LibreOffice propio de este proceso) y las herramientas de OCR.

Cada comprobación dice en español qué falla y qué hacer; nada se cambia (salvo el temporal que se
escribe y se borra para saber si una carpeta admite escritura).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import time
from datetime import datetime
from pathlib import Path

from docx import Document
from sqlalchemy.exc import SQLAlchemyError

from expedientes import Settings
from migraciones import revision_actual, ultima_revision
from plantillas import ConversorPdf, ErrorPdf
from recupera import salud
from recupera.composicion import Servicios
from recupera.salud import AVISO, FALLA, OK, Comprobacion, primera_linea, probar_escritura

INSTALAR = "instálelo con `scripts/instalar-sistema.sh servicio`"


def diagnosticar(
    servicios: Servicios, *, ahora: datetime, convertir: bool = True
) -> list[Comprobacion]:
    """Todas las comprobaciones, en el orden en que se leen (`convertir`: también una conversión
    de prueba a PDF/A)."""
    conf, bd = servicios.settings, servicios.bd
    datos = carpeta_de_datos(conf)
    # Sin carpeta de datos, probar el almacén o el perfil de LibreOffice la crearía donde no es
    # (una errata en RECUPERA_DATA_DIR): se dice una vez y no se prueba lo que vive en ella.
    hay_datos = datos.estado != FALLA
    lo = salud.libreoffice(conf) if hay_datos else None
    puente = uno(conf)
    # Convertir de verdad solo si LibreOffice y su puente están: si no, ya se dijo por qué.
    en_orden = convertir and lo is not None and lo.estado == puente.estado == OK
    convierte = conversion(conf) if en_orden else None
    orden = [
        configuracion(conf), proxy(conf), salud.base_de_datos(bd), esquema(conf), datos,
        salud.almacen(servicios.almacen) if hay_datos else None, correo(conf), directorio(conf),
        lo, puente, convierte, ocr(),
        salud.sondeo(bd, conf, ahora=ahora), salud.respaldo(conf, ahora=ahora), copias(conf),
    ]  # fmt: skip
    return [c for c in orden if c is not None]


def configuracion(conf: Settings) -> Comprobacion:
    """El modo y la clave secreta (ya validada al leer la configuración)."""
    titulo = "Configuración"
    if conf.desarrollo:
        publica = conf.secret_key == Settings.model_fields["secret_key"].default
        clave = "la pública de desarrollo" if publica else "propia"
        detalle = (
            f"modo desarrollo (clave secreta {clave}): solo para esta máquina; el servicio va con "
            "RECUPERA_ENV=production"
        )
        return Comprobacion("configuracion", titulo, AVISO, detalle)
    detalle = f"válida; modo producción; clave secreta de {len(conf.secret_key)} caracteres"
    return Comprobacion("configuracion", titulo, OK, detalle)


def proxy(conf: Settings) -> Comprobacion:
    """Detrás de nginx: de quién se creen X-Forwarded-*, y la dirección de los enlaces."""
    titulo = "Proxy y dirección pública"
    redes = ", ".join(str(r) for r in conf.redes_de_proxies)
    problemas = []
    if not redes and not conf.desarrollo:
        problemas.append(
            "RECUPERA_PROXIES no está: detrás de nginx la aplicación ve al proxy como cliente "
            "(registro y bloqueo por origen) y no sabe que la conexión es https; ponga la "
            "dirección del proxy, p. ej. 127.0.0.1"
        )
    if not conf.desarrollo and not (conf.url_publica or "").startswith("https://"):
        problemas.append(
            "RECUPERA_URL_PUBLICA no es una dirección https://: los enlaces de los correos de "
            f"avisos dirán {conf.url_publica or f'http://{conf.host}:{conf.port}'}"
        )
    if problemas:
        return Comprobacion("proxy", titulo, AVISO, "; ".join(problemas))
    detalle = f"se cree a X-Forwarded-* de {redes or 'nadie'}; enlaces a {conf.url_publica or '—'}"
    return Comprobacion("proxy", titulo, OK, detalle)


def esquema(conf: Settings) -> Comprobacion:
    """La base está migrada a la última revisión que trae este código."""
    titulo = "Esquema de la base"
    try:
        actual = revision_actual(conf.url_base_de_datos)
    except SQLAlchemyError as exc:
        return Comprobacion("esquema", titulo, FALLA, f"no se pudo leer: {primera_linea(exc)}")
    cabeza = ultima_revision()
    if actual is None:
        detalle = "la base no tiene el esquema de Recupera: ejecute `recupera db upgrade`"
        return Comprobacion("esquema", titulo, FALLA, detalle)
    if actual != cabeza:
        detalle = (
            f"la base está en la revisión {actual} y este código espera la {cabeza}: ejecute "
            "`recupera db upgrade` (hace antes la copia de respaldo)"
        )
        return Comprobacion("esquema", titulo, FALLA, detalle)
    return Comprobacion("esquema", titulo, OK, f"al día (revisión {cabeza})")


def _escribible(carpeta: Path, nombre: str, titulo: str, variable: str) -> Comprobacion:
    """Que la carpeta exista (no se crea) y admita escritura."""
    carpeta = carpeta.resolve()
    if not carpeta.is_dir():
        detalle = f"{carpeta} no existe ({variable}): créela con dueño el usuario del servicio"
        return Comprobacion(nombre, titulo, FALLA, detalle)
    try:
        probar_escritura(carpeta)
    except OSError as exc:
        detalle = f"no se puede escribir en {carpeta}: {exc.strerror or exc}"
        return Comprobacion(nombre, titulo, FALLA, detalle)
    return Comprobacion(nombre, titulo, OK, f"{carpeta} admite escritura")


def carpeta_de_datos(conf: Settings) -> Comprobacion:
    """La carpeta de datos existe y admite escritura (también su carpeta de entrada)."""
    comprobacion = _escribible(conf.data_dir, "datos", "Carpeta de datos", "RECUPERA_DATA_DIR")
    entrada = conf.data_dir / "entrada"
    if comprobacion.estado == OK and entrada.exists():
        de_entrada = _escribible(entrada, "datos", "Carpeta de datos", "RECUPERA_DATA_DIR")
        if de_entrada.estado != OK:
            return de_entrada
    return comprobacion


def copias(conf: Settings) -> Comprobacion | None:
    """La carpeta de las copias de respaldo, si está configurada, admite escritura (sin ella, ya
    lo dice la comprobación de la copia)."""
    if conf.respaldo_dir is None:
        return None
    return _escribible(conf.respaldo_dir, "copias", "Carpeta de copias", "RECUPERA_RESPALDO_DIR")


def _ca(ruta: Path | None, variable: str) -> list[str]:
    """El problema de un archivo de CA configurado que no se puede leer."""
    if ruta is None or ruta.is_file():
        return []
    return [f"{variable}: {ruta} no existe o no es un archivo"]


def correo(conf: Settings) -> Comprobacion:
    """SMTP e IMAP coherentes (las combinaciones prohibidas ya las rechaza la configuración)."""
    titulo = "Correo"
    problemas = _ca(conf.imap_ca_file, "RECUPERA_IMAP_CA_FILE")
    if problemas:
        return Comprobacion("correo", titulo, FALLA, "; ".join(problemas))
    avisos, partes = [], []
    if conf.smtp_host:
        partes.append(
            f"salida por {conf.smtp_host} ({conf.smtp_security}) desde {conf.remitente}"
            + (f" con el usuario {conf.smtp_user}" if conf.smtp_user else "")
        )
    else:
        avisos.append(
            "canal de correo apagado (sin RECUPERA_SMTP_HOST): las cartas por correo quedan por "
            "enviar y los avisos solo en la aplicación"
        )
    if conf.imap_host:
        partes.append(f"buzón {conf.imap_user} en {conf.imap_host} ({conf.imap_folder})")
    elif conf.smtp_host:
        avisos.append(
            "sin RECUPERA_IMAP_HOST no se guarda copia de lo enviado en RECUPERA_IMAP_SENT_FOLDER "
            "(la prueba que decide un envío interrumpido)"
        )
    if avisos:
        return Comprobacion("correo", titulo, AVISO, "; ".join(avisos + partes))
    return Comprobacion("correo", titulo, OK, "; ".join(partes))


def directorio(conf: Settings) -> Comprobacion:
    """El acceso por directorio (LDAP), si está configurado."""
    titulo = "Directorio (LDAP)"
    if not conf.ldap_host:
        return Comprobacion(
            "directorio", titulo, OK, "sin RECUPERA_LDAP_HOST: solo cuentas locales"
        )
    problemas = _ca(conf.ldap_ca_file, "RECUPERA_LDAP_CA_FILE")
    if problemas:
        return Comprobacion("directorio", titulo, FALLA, "; ".join(problemas))
    detalle = (
        f"{conf.ldap_host} ({conf.ldap_security}), {len(conf.grupos_ldap)} grupo(s); pruebe una "
        "cuenta con `recupera users ldap-check NOMBRE`"
    )
    return Comprobacion("directorio", titulo, OK, detalle)


def uno(conf: Settings) -> Comprobacion:
    """El Python de RECUPERA_PYTHON_UNO importa `uno` (el puente con LibreOffice)."""
    titulo = "Puente UNO"
    try:
        resultado = subprocess.run(  # noqa: S603 (el programa lo fija la configuración)
            [conf.python_uno, "-c", "import uno"], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        detalle = f"no se pudo ejecutar {conf.python_uno}: {exc}; {INSTALAR} (python3-uno)"
        return Comprobacion("uno", titulo, FALLA, detalle)
    if resultado.returncode != 0:
        error = (resultado.stderr.strip().splitlines() or ["sin detalle"])[-1]
        detalle = f"{conf.python_uno} no importa uno ({error}); {INSTALAR} (python3-uno)"
        return Comprobacion("uno", titulo, FALLA, detalle)
    return Comprobacion("uno", titulo, OK, f"{conf.python_uno} importa uno")


PRUEBA = "Recupera: prueba de conversión — Pérez & Cía <S.A.>"


def conversion(conf: Settings) -> Comprobacion:
    """Un documento de prueba convertido a PDF/A-2b y verificado, como un documento final; con un
    LibreOffice propio (perfil aparte, que se borra), sin tocar el de los servicios."""
    documento = Document()
    documento.add_paragraph(PRUEBA)
    docx = io.BytesIO()
    documento.save(docx)
    carpeta = conf.data_dir.resolve() / "libreoffice" / f"doctor-{os.getpid()}"
    inicio = time.perf_counter()
    try:
        with ConversorPdf(carpeta=carpeta, soffice=conf.soffice, python_uno=conf.python_uno,
                          segundos=conf.pdf_segundos) as conversor:  # fmt: skip
            conversor.convertir(docx.getvalue(), [PRUEBA])
    except (ErrorPdf, OSError) as exc:
        detalle = f"no convirtió un documento de prueba: {primera_linea(exc)}"
        return Comprobacion("conversion", "Conversión a PDF/A", FALLA, detalle)
    finally:
        shutil.rmtree(carpeta, ignore_errors=True)
    segundos = time.perf_counter() - inicio
    return Comprobacion(
        "conversion", "Conversión a PDF/A", OK, f"un documento de prueba en {segundos:.1f} s"
    )


def ocr() -> Comprobacion:
    """ocrmypdf y tesseract, para las cartas escaneadas."""
    faltan = [p for p in ("ocrmypdf", "tesseract") if shutil.which(p) is None]
    if faltan:
        detalle = f"falta {' y '.join(faltan)}: los escaneos se registran sin texto; {INSTALAR}"
        return Comprobacion("ocr", "OCR", FALLA, detalle)
    return Comprobacion("ocr", "OCR", OK, f"{shutil.which('ocrmypdf')}")

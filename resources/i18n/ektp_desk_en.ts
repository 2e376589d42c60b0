<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="id_ID">
<context>
    <name></name>
    <message>
        <source>Terlalu pendek: minimal {n} karakter.</source>
        <translation>Too short: at least {n} characters.</translation>
    </message>
    <message>
        <source>Kuat.</source>
        <translation>Strong.</translation>
    </message>
    <message>
        <source>Cukup. Lebih panjang lebih aman (mis. beberapa kata).</source>
        <translation>Fair. Longer is safer (e.g. several words).</translation>
    </message>
    <message>
        <source>Lemah: mudah ditebak. Pakai beberapa kata, angka atau tanda baca.</source>
        <translation>Weak: easy to guess. Use several words, numbers or punctuation.</translation>
    </message>
    <message>
        <source>Baris</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>NIK tertulis</source>
        <translation>NIK as written</translation>
    </message>
    <message>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Alasan</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>{n} baris data</source>
        <translation>{n} data rows</translation>
    </message>
    <message>
        <source>{n} warga baru akan ditambahkan</source>
        <translation>{n} new people will be added</translation>
    </message>
    <message>
        <source>{n} warga baru ditambahkan</source>
        <translation>{n} new people added</translation>
    </message>
    <message>
        <source>{n} warga akan diperbarui</source>
        <translation>{n} people will be updated</translation>
    </message>
    <message>
        <source>{n} warga diperbarui</source>
        <translation>{n} people updated</translation>
    </message>
    <message>
        <source>{n} tidak berubah</source>
        <translation>{n} unchanged</translation>
    </message>
    <message>
        <source>{n} ditolak</source>
        <translation>{n} refused</translation>
    </message>
    <message>
        <source>{n} NIK ganda</source>
        <translation>{n} duplicate NIKs</translation>
    </message>
    <message>
        <source>{n} dengan peringatan</source>
        <translation>{n} with warnings</translation>
    </message>
    <message>
        <source>Simpan laporan kesalahan</source>
        <translation>Save the error report</translation>
    </message>
    <message>
        <source>Excel (*.xlsx);;CSV (*.csv)</source>
        <translation>Excel (*.xlsx);;CSV (*.csv)</translation>
    </message>
    <message>
        <source>Laporan kesalahan disimpan: {}</source>
        <translation>Error report saved: {}</translation>
    </message>
    <message>
        <source>Pindai QR surat panggilan, atau ketik NIK atau nama lalu tekan Enter.</source>
        <translation>Scan the QR code of a summoning letter, or type a NIK or a name and press Enter.</translation>
    </message>
    <message>
        <source>NIK</source>
        <translation>NIK</translation>
    </message>
    <message>
        <source>Lahir</source>
        <translation>Born</translation>
    </message>
    <message>
        <source>Alamat</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Kelurahan</source>
        <translation>Kelurahan</translation>
    </message>
    <message>
        <source>Kategori</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Jadwal</source>
        <translation>Schedule</translation>
    </message>
    <message>
        <source> · disabilitas: {}</source>
        <translation> · disability: {}</translation>
    </message>
    <message>
        <source>Tidak hadir {n}×</source>
        <translation>No-show {n}×</translation>
    </message>
    <message>
        <source>&lt;div style=&apos;color:{colour}&apos;&gt;ANTRIAN&lt;/div&gt;&lt;div style=&apos;font-size:30pt; font-weight:bold&apos;&gt;{n}&lt;/div&gt;</source>
        <translation>&lt;div style=&apos;color:{colour}&apos;&gt;QUEUE&lt;/div&gt;&lt;div style=&apos;font-size:30pt; font-weight:bold&apos;&gt;{n}&lt;/div&gt;</translation>
    </message>
    <message>
        <source>umur {n} tahun</source>
        <translation>age {n}</translation>
    </message>
    <message>
        <source>  (umur {n} tahun)</source>
        <translation>  (age {n})</translation>
    </message>
    <message>
        <source>laki-laki</source>
        <translation>male</translation>
    </message>
    <message>
        <source>perempuan</source>
        <translation>female</translation>
    </message>
    <message>
        <source>Tidak ada panggilan terbuka</source>
        <translation>No open call</translation>
    </message>
    <message>
        <source>hari ini</source>
        <translation>today</translation>
    </message>
    <message>
        <source>panggilan ke-{n}</source>
        <translation>call no. {n}</translation>
    </message>
    <message>
        <source>Pindai QR surat, atau ketik NIK / nama lalu Enter</source>
        <translation>Scan a letter&apos;s QR code, or type a NIK / name and press Enter</translation>
    </message>
    <message>
        <source>Pemindai: kode QR surat lalu Enter. NIK 16 angka: warga langsung dibuka. Nama: daftar pilihan (↑/↓, Enter). Esc mengosongkan.</source>
        <translation>Scanner: the letter&apos;s QR code then Enter. A 16-digit NIK opens the person at once. A name: a list to pick from (↑/↓, Enter). Esc clears.</translation>
    </message>
    <message>
        <source>Tandai hadir saat dipindai</source>
        <translation>Mark present when scanned</translation>
    </message>
    <message>
        <source>Bila dicentang, warga yang kode suratnya dipindai langsung ditandai hadir dan mendapat nomor antrian.</source>
        <translation>When ticked, a person whose letter code is scanned is marked present at once and gets a queue number.</translation>
    </message>
    <message>
        <source>Datang langsung…</source>
        <translation>Walk-in…</translation>
    </message>
    <message>
        <source>Warga yang tidak ada di daftar (Ctrl+N)</source>
        <translation>Someone not on the list (Ctrl+N)</translation>
    </message>
    <message>
        <source>Tutup hari…</source>
        <translation>Close the day…</translation>
    </message>
    <message>
        <source>Menandai warga yang dijadwalkan hari ini dan tidak datang sebagai tidak hadir, lalu menampilkan rekap hari ini.</source>
        <translation>Marks the people scheduled today who did not come as no-shows, then shows today&apos;s summary.</translation>
    </message>
    <message>
        <source>Tanpa jari</source>
        <translation>No fingerprints</translation>
    </message>
    <message>
        <source>Riwayat</source>
        <translation>History</translation>
    </message>
    <message>
        <source>Batalkan perubahan terakhir (Ctrl+Z)</source>
        <translation>Undo the last change (Ctrl+Z)</translation>
    </message>
    <message>
        <source>Hari ini: {date}</source>
        <translation>Today: {date}</translation>
    </message>
    <message>
        <source>Semua warga hari ini</source>
        <translation>Everyone today</translation>
    </message>
    <message>
        <source>Dijadwalkan hari ini</source>
        <translation>Scheduled today</translation>
    </message>
    <message>
        <source>Sudah datang hari ini</source>
        <translation>Already came today</translation>
    </message>
    <message>
        <source>Hadir, belum ada hasil</source>
        <translation>Present, no outcome yet</translation>
    </message>
    <message>
        <source>Sudah ada hasil (terekam, gagal, …)</source>
        <translation>Outcome recorded (recorded, failed, …)</translation>
    </message>
    <message>
        <source>Cetak ke printer</source>
        <translation>Print to printer</translation>
    </message>
    <message>
        <source>Mengirim ke printer…</source>
        <translation>Sending to the printer…</translation>
    </message>
    <message>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Mengirim halaman {done} dari {total} ke printer…</source>
        <translation>Sending page {done} of {total} to the printer…</translation>
    </message>
    <message>
        <source>Kesalahan program</source>
        <translation>Program error</translation>
    </message>
    <message>
        <source>Terjadi kesalahan di dalam program, bukan kesalahan Anda. Data yang sudah tersimpan aman.</source>
        <translation>Something went wrong inside the program, not by your doing. The data already saved is safe.</translation>
    </message>
    <message>
        <source>Tutup pesan ini lalu coba lagi. Bila terulang, tekan Kirim laporan masalah dan kirim berkasnya ke Dindukcapil kota.

Catatan (log) ada di:
{}</source>
        <translation>Close this message and try again. If it happens again, press Send a problem report and send its file to the city&apos;s Dindukcapil.

The log is in:
{}</translation>
    </message>
    <message>
        <source>&amp;Kirim laporan masalah…</source>
        <translation>&amp;Send a problem report…</translation>
    </message>
    <message>
        <source>&amp;Tutup</source>
        <translation>&amp;Close</translation>
    </message>
    <message>
        <source>Simpan laporan masalah</source>
        <translation>Save the problem report</translation>
    </message>
    <message>
        <source>Arsip zip (*.zip)</source>
        <translation>Zip archive (*.zip)</translation>
    </message>
    <message>
        <source>Laporan masalah</source>
        <translation>Problem report</translation>
    </message>
    <message>
        <source>Laporan disimpan: {}
Kirim berkas ini ke Dindukcapil kota. Isinya hanya catatan program dan versinya, tanpa data warga.</source>
        <translation>Report saved: {}
Send this file to the city&apos;s Dindukcapil. It holds only the program&apos;s log and versions, no personal data.</translation>
    </message>
    <message>
        <source>{date} pukul {time}</source>
        <translation>{date} at {time}</translation>
    </message>
    <message>
        <source>Belum ada warga yang dibuka. Pindai kode surat atau cari NIK/nama dulu.</source>
        <translation>No one is open yet. Scan the letter&apos;s code or search a NIK/name first.</translation>
    </message>
    <message>
        <source>Daftar hasil pencarian masih terbuka: pilih warganya dulu (↑/↓ lalu Enter). Tombol hasil belum berlaku; tidak ada yang dicatat.</source>
        <translation>The search results are still open: choose the person first (↑/↓ then Enter). The outcome keys do not act yet; nothing was recorded.</translation>
    </message>
    <message>
        <source>Warga sedang dibuka; tunggu kartunya tampil. Tidak ada yang dicatat.</source>
        <translation>The person is being opened; wait for their card to show. Nothing was recorded.</translation>
    </message>
    <message>
        <source>Kolom pencarian berisi &quot;{text}&quot; yang belum dibuka: tekan Enter untuk membukanya, atau Esc untuk kembali ke {name}. Tidak ada yang dicatat.</source>
        <translation>The search field holds &quot;{text}&quot;, not opened yet: press Enter to open it, or Esc to go back to {name}. Nothing was recorded.</translation>
    </message>
    <message>
        <source>Gagal rekam</source>
        <translation>Recording failed</translation>
    </message>
    <message>
        <source>Mengapa perekaman {name} gagal?</source>
        <translation>Why did {name}&apos;s recording fail?</translation>
    </message>
    <message>
        <source>Tidak dapat dilayani</source>
        <translation>Cannot be served</translation>
    </message>
    <message>
        <source>Mengapa {name} tidak dapat dilayani?</source>
        <translation>Why can {name} not be served?</translation>
    </message>
    <message>
        <source>Direkam di luar daerah</source>
        <translation>Recorded elsewhere</translation>
    </message>
    <message>
        <source>Mengapa {name} merekam di luar daerah, dan di mana?</source>
        <translation>Why did {name} record elsewhere, and where?</translation>
    </message>
    <message>
        <source>Tempat perekaman (wajib):</source>
        <translation>Place of recording (required):</translation>
    </message>
    <message>
        <source>Dirujuk</source>
        <translation>Referred</translation>
    </message>
    <message>
        <source>Mengapa {name} dirujuk, dan ke mana?</source>
        <translation>Why was {name} referred, and where to?</translation>
    </message>
    <message>
        <source>Kantor atau daerah tujuan (wajib):</source>
        <translation>Office or region referred to (required):</translation>
    </message>
</context>
<context>
    <name>AddSlotDialog</name>
    <message>
        <source>Tambah sesi</source>
        <translation>Add session</translation>
    </message>
    <message>
        <source>&amp;Tanggal:</source>
        <translation>&amp;Date:</translation>
    </message>
    <message>
        <source> orang</source>
        <translation> people</translation>
    </message>
    <message>
        <source>boleh kosong, mis. Sesi Sabtu untuk pelajar</source>
        <translation>may be empty, e.g. Saturday session for pupils</translation>
    </message>
    <message>
        <source>&amp;Kapasitas:</source>
        <translation>&amp;Capacity:</translation>
    </message>
    <message>
        <source>&amp;Nama sesi:</source>
        <translation>Session &amp;name:</translation>
    </message>
    <message>
        <source>Di luar jam layanan, akhir pekan atau hari libur boleh, sebagai sesi khusus (akan ditanyakan).</source>
        <translation>Outside service hours, at weekends or on holidays is allowed, as a special session (you will be asked).</translation>
    </message>
    <message>
        <source>&amp;Simpan sesi</source>
        <translation>&amp;Save session</translation>
    </message>
</context>
<context>
    <name>AdminPage</name>
    <message>
        <source>Akun admin pertama</source>
        <translation>First admin account</translation>
    </message>
    <message>
        <source>Admin mengatur pengaturan, akun, kunci kantor dan impor. Akun petugas lain dibuat admin nanti.</source>
        <translation>The admin manages settings, accounts, the office keys and imports. The admin adds the other clerks&apos; accounts later.</translation>
    </message>
    <message>
        <source>&amp;Nama akun:</source>
        <translation>&amp;Account name:</translation>
    </message>
    <message>
        <source>Nama lengka&amp;p:</source>
        <translation>Full na&amp;me:</translation>
    </message>
    <message>
        <source>Kata sand&amp;i:</source>
        <translation>Pass&amp;word:</translation>
    </message>
    <message>
        <source>&amp;Ulangi kata sandi:</source>
        <translation>&amp;Repeat password:</translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <source>Seq</source>
        <translation>Seq</translation>
    </message>
    <message>
        <source>Waktu</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Akun</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>Akun komputer</source>
        <translation>Computer account</translation>
    </message>
    <message>
        <source>Tindakan</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Rincian</source>
        <translation>Details</translation>
    </message>
</context>
<context>
    <name>AuditViewerDialog</name>
    <message>
        <source>Log Audit</source>
        <translation>Audit Log</translation>
    </message>
    <message>
        <source>Semua akun</source>
        <translation>All accounts</translation>
    </message>
    <message>
        <source>Semua tindakan</source>
        <translation>All actions</translation>
    </message>
    <message>
        <source>&amp;Tanggal</source>
        <translation>&amp;Date</translation>
    </message>
    <message>
        <source>16 angka</source>
        <translation>16 digits</translation>
    </message>
    <message>
        <source>&amp;Saring</source>
        <translation>&amp;Filter</translation>
    </message>
    <message>
        <source>A&amp;kun</source>
        <translation>&amp;Account</translation>
    </message>
    <message>
        <source>Tind&amp;akan</source>
        <translation>Ac&amp;tion</translation>
    </message>
    <message>
        <source>&amp;NIK</source>
        <translation>&amp;NIK</translation>
    </message>
    <message>
        <source>&amp;Ekspor…</source>
        <translation>&amp;Export…</translation>
    </message>
    <message>
        <source>&amp;Periksa rantai</source>
        <translation>&amp;Verify chain</translation>
    </message>
    <message>
        <source>Tut&amp;up</source>
        <translation>&amp;Close</translation>
    </message>
    <message>
        <source>Memuat…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>{n} baris ditampilkan{more}</source>
        <translation>{n} rows shown{more}</translation>
    </message>
    <message>
        <source>, gulir untuk memuat lagi</source>
        <translation>, scroll to load more</translation>
    </message>
    <message>
        <source>Ekspor log audit</source>
        <translation>Export the audit log</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Mengekspor log audit</source>
        <translation>Exporting the audit log</translation>
    </message>
    <message>
        <source>{n} baris diekspor ke {file}.</source>
        <translation>{n} rows exported to {file}.</translation>
    </message>
    <message>
        <source>Memeriksa rantai log audit</source>
        <translation>Verifying the audit log&apos;s chain</translation>
    </message>
</context>
<context>
    <name>AutoScheduleDialog</name>
    <message>
        <source>Jadwalkan otomatis</source>
        <translation>Schedule automatically</translation>
    </message>
    <message>
        <source>Siapa yang dipanggil</source>
        <translation>Who is called</translation>
    </message>
    <message>
        <source>Semua yang belum dipanggil</source>
        <translation>Everyone not called yet</translation>
    </message>
    <message>
        <source>Panggilan ulang: yang tidak hadir</source>
        <translation>Call again: the no-shows</translation>
    </message>
    <message>
        <source>Semua kecamatan</source>
        <translation>All kecamatan</translation>
    </message>
    <message>
        <source>Semua kategori</source>
        <translation>All categories</translation>
    </message>
    <message>
        <source>{} warga yang dipilih di halaman Warga</source>
        <translation>{} people selected on the People page</translation>
    </message>
    <message>
        <source>Warga:</source>
        <translation>People:</translation>
    </message>
    <message>
        <source>&amp;Warga:</source>
        <translation>Pe&amp;ople:</translation>
    </message>
    <message>
        <source>K&amp;ecamatan:</source>
        <translation>K&amp;ecamatan:</translation>
    </message>
    <message>
        <source>Ke&amp;lurahan:</source>
        <translation>Ke&amp;lurahan:</translation>
    </message>
    <message>
        <source>&amp;Kategori:</source>
        <translation>&amp;Category:</translation>
    </message>
    <message>
        <source>Rentang tanggal</source>
        <translation>Date range</translation>
    </message>
    <message>
        <source>&amp;Dari tanggal:</source>
        <translation>&amp;From date:</translation>
    </message>
    <message>
        <source>Sa&amp;mpai tanggal (batas akhir):</source>
        <translation>&amp;To date (last day):</translation>
    </message>
    <message>
        <source>Ke sesi malam di kantor kel&amp;urahan masing-masing</source>
        <translation>To evening sessions at each one&apos;s own kel&amp;urahan office</translation>
    </message>
    <message>
        <source>Setiap warga dipanggil ke sesi malam di kantor kelurahannya sendiri; buat sesi malamnya dulu di halaman Jadwal.</source>
        <translation>Everyone is called to an evening session at their own kelurahan office; make the evening sessions first on the Schedule page.</translation>
    </message>
    <message>
        <source>Hari libur, akhir pekan dan jam tutup tiap lokasi dilewati. Tetangga (kelurahan, RW, RT) dijadwalkan pada hari yang sama.</source>
        <translation>Holidays, weekends and each location&apos;s closed hours are skipped. Neighbours (kelurahan, RW, RT) are scheduled on the same day.</translation>
    </message>
    <message>
        <source>&amp;Pratinjau</source>
        <translation>&amp;Preview</translation>
    </message>
    <message>
        <source>Menyusun jadwal tanpa menyimpan</source>
        <translation>Builds the schedule without saving it</translation>
    </message>
    <message>
        <source>Saya mengerti: tetap &amp;jadwalkan melewati batas ini</source>
        <translation>I understand: schedule &amp;beyond this limit anyway</translation>
    </message>
    <message>
        <source>Pilih warga dan rentang tanggal, lalu tekan Pratinjau. Belum ada yang disimpan.</source>
        <translation>Choose the people and the date range, then press Preview. Nothing is saved yet.</translation>
    </message>
    <message>
        <source>&amp;Simpan jadwal</source>
        <translation>&amp;Save schedule</translation>
    </message>
    <message>
        <source>Menyimpan jadwal seperti pada pratinjau</source>
        <translation>Saves the schedule as in the preview</translation>
    </message>
    <message>
        <source>Tutup</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Semua kelurahan</source>
        <translation>All kelurahan</translation>
    </message>
    <message>
        <source>Menyusun pratinjau…</source>
        <translation>Building the preview…</translation>
    </message>
    <message>
        <source>Menyusun pratinjau jadwal</source>
        <translation>Building the schedule preview</translation>
    </message>
    <message>
        <source>Menyimpan jadwal…</source>
        <translation>Saving the schedule…</translation>
    </message>
    <message>
        <source>Menyimpan jadwal</source>
        <translation>Saving the schedule</translation>
    </message>
    <message>
        <source>Pilihan berubah: tekan Pratinjau lagi. Belum ada yang disimpan.</source>
        <translation>The choice changed: press Preview again. Nothing is saved yet.</translation>
    </message>
    <message>
        <source>Pratinjau dibatalkan. Belum ada yang disimpan.</source>
        <translation>Preview cancelled. Nothing is saved yet.</translation>
    </message>
    <message>
        <source>Belum ada yang disimpan. Ubah rentang tanggal, atau centang konfirmasi lalu tekan Pratinjau lagi.</source>
        <translation>Nothing is saved yet. Change the date range, or tick the confirmation and press Preview again.</translation>
    </message>
    <message>
        <source>Tidak ada yang disimpan.</source>
        <translation>Nothing was saved.</translation>
    </message>
    <message>
        <source>Penyimpanan dibatalkan. Tidak ada yang disimpan.</source>
        <translation>Saving cancelled. Nothing was saved.</translation>
    </message>
    <message>
        <source>Tidak ada yang disimpan. Tekan Pratinjau lagi.</source>
        <translation>Nothing was saved. Press Preview again.</translation>
    </message>
    <message>
        <source>{start} s.d. {end}</source>
        <translation>{start} to {end}</translation>
    </message>
    <message>
        <source>Tidak ada warga yang cocok dengan pilihan ini ({}).</source>
        <translation>No one matches this choice ({}).</translation>
    </message>
    <message>
        <source>&lt;b&gt;{people}&lt;/b&gt; warga akan dijadwalkan di &lt;b&gt;{slots}&lt;/b&gt; sesi ({new} sesi baru), {period}.</source>
        <translation>&lt;b&gt;{people}&lt;/b&gt; people will be scheduled in &lt;b&gt;{slots}&lt;/b&gt; sessions ({new} new sessions), {period}.</translation>
    </message>
    <message>
        <source>&lt;b&gt;{}&lt;/b&gt; tidak mendapat jadwal.</source>
        <translation>&lt;b&gt;{}&lt;/b&gt; get no session.</translation>
    </message>
    <message>
        <source>Belum ada yang disimpan.</source>
        <translation>Nothing is saved yet.</translation>
    </message>
    <message>
        <source>{n} lapas</source>
        <translation>{n} in prison</translation>
    </message>
    <message>
        <source>{n} rumah</source>
        <translation>{n} at home</translation>
    </message>
    <message>
        <source>{n} sekolah</source>
        <translation>{n} at school</translation>
    </message>
    <message>
        <source>&lt;b&gt;{office}&lt;/b&gt; ke kantor, &lt;b&gt;{visits}&lt;/b&gt; diusulkan untuk kunjungan ({kinds}), tidak dipanggil.</source>
        <translation>&lt;b&gt;{office}&lt;/b&gt; to the office; &lt;b&gt;{visits}&lt;/b&gt; proposed for a visit ({kinds}), not called.</translation>
    </message>
    <message>
        <source>{n} orang: {why}</source>
        <translation>{n} people: {why}</translation>
    </message>
    <message>
        <source>Tidak mendapat jadwal:</source>
        <translation>No session for:</translation>
    </message>
</context>
<context>
    <name>BurnDownView</name>
    <message>
        <source>Sisa target menuju hari pemungutan suara</source>
        <translation>Target left until polling day</translation>
    </message>
    <message>
        <source>Sisa (orang)</source>
        <translation>Left (people)</translation>
    </message>
    <message>
        <source>Ideal</source>
        <translation>Ideal</translation>
    </message>
    <message>
        <source>Laju 7 hari</source>
        <translation>7-day pace</translation>
    </message>
    <message>
        <source>Garis laju 7 hari diteruskan dari hari ini.</source>
        <translation>The 7-day pace carried on from today.</translation>
    </message>
    <message>
        <source>Sisa di akhir setiap hari sampai {day}.
Garis laju 7 hari hanya untuk periode sampai hari ini.</source>
        <translation>People left at the end of each day up to {day}.
The 7-day pace line is drawn only for a period up to today.</translation>
    </message>
    <message>
        <source>orang</source>
        <translation>people</translation>
    </message>
</context>
<context>
    <name>CalendarModel</name>
    <message>
        <source>{assigned} dari {capacity} tempat terisi</source>
        <translation>{assigned} of {capacity} places taken</translation>
    </message>
</context>
<context>
    <name>CancelSlotDialog</name>
    <message>
        <source>Batalkan sesi</source>
        <translation>Cancel session</translation>
    </message>
    <message>
        <source>Batalkan sesi &lt;b&gt;{}&lt;/b&gt;?</source>
        <translation>Cancel the session &lt;b&gt;{}&lt;/b&gt;?</translation>
    </message>
    <message>
        <source>{n} orang di sesi ini dipindah ke sesi kosong berikutnya di lokasi yang sama (sesi baru dibuat dari jam layanan bila perlu). Surat mereka yang sudah dicetak ditandai perlu dicetak ulang. Yang tidak mendapat tempat kembali berstatus belum dipanggil.</source>
        <translation>The {n} people in this session move to the next free session at the same location (new sessions are made from the service hours if needed). Their letters already printed are marked for reprinting. Those who find no place go back to not called yet.</translation>
    </message>
    <message>
        <source>mis. listrik padam, alat perekam rusak</source>
        <translation>e.g. power cut, recording device broken</translation>
    </message>
    <message>
        <source>&amp;Pindahkan orangnya ke sesi berikutnya</source>
        <translation>&amp;Move its people to the next session</translation>
    </message>
    <message>
        <source>&amp;Alasan:</source>
        <translation>&amp;Reason:</translation>
    </message>
    <message>
        <source>&amp;Batalkan sesi</source>
        <translation>&amp;Cancel session</translation>
    </message>
    <message>
        <source>&amp;Tidak</source>
        <translation>&amp;No</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>Ganti kata sandi</source>
        <translation>Change password</translation>
    </message>
    <message>
        <source>Kata sandi &amp;lama:</source>
        <translation>&amp;Old password:</translation>
    </message>
    <message>
        <source>Kata sandi &amp;baru:</source>
        <translation>&amp;New password:</translation>
    </message>
    <message>
        <source>&amp;Ulangi kata sandi baru:</source>
        <translation>&amp;Repeat new password:</translation>
    </message>
    <message>
        <source>&amp;Simpan</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <source>Akun: {}</source>
        <translation>Account: {}</translation>
    </message>
</context>
<context>
    <name>CloseDayDialog</name>
    <message>
        <source>Hari ditutup</source>
        <translation>Day closed</translation>
    </message>
    <message>
        <source>Rekap {date}</source>
        <translation>Summary of {date}</translation>
    </message>
    <message>
        <source>{n} warga yang dijadwalkan hari ini tidak datang dan ditandai tidak hadir; mereka masuk panggilan berikutnya.</source>
        <translation>{n} people scheduled today did not come and are marked as no-shows; they go into the next call.</translation>
    </message>
    <message>
        <source>Semua warga yang dijadwalkan hari ini sudah datang atau sudah dicatat.</source>
        <translation>Everyone scheduled today has come or has been recorded.</translation>
    </message>
    <message>
        <source>⚠ {n} warga masih menunggu (hadir, belum ada hasil): {names}. Catat hasilnya, atau periksa besok.</source>
        <translation>⚠ {n} people are still waiting (present, no outcome yet): {names}. Record their outcome, or check tomorrow.</translation>
    </message>
    <message>
        <source>Hasil</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Jumlah</source>
        <translation>Count</translation>
    </message>
    <message>
        <source>Kelurahan</source>
        <translation>Kelurahan</translation>
    </message>
    <message>
        <source>(tanpa kelurahan)</source>
        <translation>(no kelurahan)</translation>
    </message>
    <message>
        <source>Tutup</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Per hasil</source>
        <translation>By outcome</translation>
    </message>
    <message>
        <source>Per kelurahan</source>
        <translation>By kelurahan</translation>
    </message>
</context>
<context>
    <name>ConflictsDialog</name>
    <message>
        <source>Waktu</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>NIK</source>
        <translation>NIK</translation>
    </message>
    <message>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Perkara</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>Perbedaan</source>
        <translation>Difference</translation>
    </message>
    <message>
        <source>Dipakai dari</source>
        <translation>Kept from</translation>
    </message>
    <message>
        <source>Ditolak dari</source>
        <translation>Refused from</translation>
    </message>
    <message>
        <source>Ditinjau</source>
        <translation>Reviewed</translation>
    </message>
    <message>
        <source>Konflik untuk ditinjau</source>
        <translation>Conflicts to review</translation>
    </message>
    <message>
        <source>Aturan sinkronisasi sudah memilih: data dari kantor kecamatan pemilik warga, lalu yang paling akhir; status yang sudah terekam tidak dimundurkan. Yang ditolak tetap tersimpan di riwayat. Hubungi kantor yang perubahannya ditolak bila perlu, lalu tandai sudah ditinjau. Kolom Perbedaan: nilai yang ditolak → nilai yang dipakai.</source>
        <translation>The sync rule has already chosen: the data from the kecamatan office the person belongs to, then the latest; a status already recorded is never moved back. What was refused stays in the history. Call the office whose change was refused if needed, then mark it reviewed. Difference column: refused value → value kept.</translation>
    </message>
    <message>
        <source>Nilai yang ditolak → nilai yang dipakai</source>
        <translation>Refused value → value kept</translation>
    </message>
    <message>
        <source>Tampilkan juga yang sudah ditinjau</source>
        <translation>Also show those already reviewed</translation>
    </message>
    <message>
        <source>&amp;Tandai sudah ditinjau</source>
        <translation>&amp;Mark as reviewed</translation>
    </message>
    <message>
        <source>Tutup</source>
        <translation>Close</translation>
    </message>
    <message>
        <source> (perubahan kantor ini, belum terkirim)</source>
        <translation> (this office&apos;s change, not sent yet)</translation>
    </message>
    <message>
        <source>{n} konflik terbuka.</source>
        <translation>{n} open conflicts.</translation>
    </message>
    <message>
        <source>Tidak ada konflik terbuka.</source>
        <translation>No open conflicts.</translation>
    </message>
</context>
<context>
    <name>DayDelegate</name>
    <message>
        <source>hari ini</source>
        <translation>today</translation>
    </message>
    <message>
        <source>+{} lagi</source>
        <translation>+{} more</translation>
    </message>
</context>
<context>
    <name>DaySlotsModel</name>
    <message>
        <source>Jam</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Lokasi</source>
        <translation>Location</translation>
    </message>
    <message>
        <source>Terisi</source>
        <translation>Taken</translation>
    </message>
    <message>
        <source>Sisa</source>
        <translation>Free</translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <source>1. Pilih berkas</source>
        <translation>1. Choose the file</translation>
    </message>
    <message>
        <source>Berkas daftar dari KPU: Excel (.xlsx) atau CSV.</source>
        <translation>The list file from KPU: Excel (.xlsx) or CSV.</translation>
    </message>
    <message>
        <source>Lokasi berkas…</source>
        <translation>File location…</translation>
    </message>
    <message>
        <source>&amp;Pilih berkas…</source>
        <translation>&amp;Choose file…</translation>
    </message>
    <message>
        <source>Berkas:</source>
        <translation>File:</translation>
    </message>
    <message>
        <source>Lembar kerja:</source>
        <translation>Sheet:</translation>
    </message>
    <message>
        <source>Pilih daftar KPU</source>
        <translation>Choose the KPU list</translation>
    </message>
    <message>
        <source>Daftar KPU (*.xlsx *.xls *.csv);;Semua berkas (*)</source>
        <translation>KPU list (*.xlsx *.xls *.csv);;All files (*)</translation>
    </message>
    <message>
        <source>Membaca berkas…</source>
        <translation>Reading the file…</translation>
    </message>
    <message>
        <source>Judul kolom ditemukan di baris {row}; {n} baris data.</source>
        <translation>Column headers found on row {row}; {n} data rows.</translation>
    </message>
    <message>
        <source>Berkas sedang dibaca…</source>
        <translation>The file is being read…</translation>
    </message>
    <message>
        <source>Pilih berkas daftar KPU dulu (tombol Pilih berkas, atau ketik lokasinya).</source>
        <translation>Choose the KPU list file first (the Choose file button, or type its location).</translation>
    </message>
    <message>
        <source>Tidak ada berkas di lokasi yang diketik.</source>
        <translation>There is no file at the location typed.</translation>
    </message>
    <message>
        <source>Berkas ini belum dapat dibaca; lihat keterangan di atas.</source>
        <translation>This file cannot be read yet; see the note above.</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>Penyiapan pertama ektp-desk</source>
        <translation>ektp-desk first setup</translation>
    </message>
    <message>
        <source>&amp;Lanjut &gt;</source>
        <translation>&amp;Next &gt;</translation>
    </message>
    <message>
        <source>&lt; &amp;Kembali</source>
        <translation>&lt; &amp;Back</translation>
    </message>
    <message>
        <source>&amp;Selesai</source>
        <translation>&amp;Finish</translation>
    </message>
    <message>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>HolidayDialog</name>
    <message>
        <source>Hari libur</source>
        <translation>Holidays</translation>
    </message>
    <message>
        <source>&amp;Tahun:</source>
        <translation>&amp;Year:</translation>
    </message>
    <message>
        <source>Tambah hari libur</source>
        <translation>Add a holiday</translation>
    </message>
    <message>
        <source>mis. Hari pemungutan suara Pemilu 2024</source>
        <translation>e.g. Polling day of the 2024 election</translation>
    </message>
    <message>
        <source>T&amp;ambah</source>
        <translation>&amp;Add</translation>
    </message>
    <message>
        <source>Ta&amp;nggal:</source>
        <translation>&amp;Date:</translation>
    </message>
    <message>
        <source>Na&amp;ma:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Jenis:</source>
        <translation>&amp;Kind:</translation>
    </message>
    <message>
        <source>&amp;Hapus…</source>
        <translation>Dele&amp;te…</translation>
    </message>
    <message>
        <source>Menghapus hari libur yang dipilih</source>
        <translation>Deletes the chosen holiday</translation>
    </message>
    <message>
        <source>&amp;Impor dari berkas…</source>
        <translation>&amp;Import from file…</translation>
    </message>
    <message>
        <source>Berkas .xlsx atau .csv dengan kolom TANGGAL, KETERANGAN dan (boleh) JENIS: libur / cuti bersama. Tanggal yang sudah ada diperbarui.</source>
        <translation>An .xlsx or .csv file with the columns TANGGAL, KETERANGAN and (optionally) JENIS: libur / cuti bersama. Dates already there are updated.</translation>
    </message>
    <message>
        <source>Tutup</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Tahun {year}: belum ada daftar resmi; jadwal di tahun ini perlu konfirmasi. Impor daftar dari SKB.</source>
        <translation>Year {year}: no official list yet; a schedule in this year needs confirming. Import the list from the SKB.</translation>
    </message>
    <message>
        <source>Tahun {year}: sementara. {source}</source>
        <translation>Year {year}: provisional. {source}</translation>
    </message>
    <message>
        <source>Tahun {year}: {source}</source>
        <translation>Year {year}: {source}</translation>
    </message>
    <message>
        <source>Hapus hari libur {date} ({name})?</source>
        <translation>Delete the holiday {date} ({name})?</translation>
    </message>
    <message>
        <source>Hapus hari libur</source>
        <translation>Delete holiday</translation>
    </message>
    <message>
        <source>Ya, hapus</source>
        <translation>Yes, delete</translation>
    </message>
    <message>
        <source>Tidak</source>
        <translation>No</translation>
    </message>
    <message>
        <source>Tanggal itu menjadi hari kerja biasa untuk jadwal berikutnya.</source>
        <translation>That date becomes an ordinary working day for the next schedules.</translation>
    </message>
    <message>
        <source>Impor daftar hari libur</source>
        <translation>Import a holiday list</translation>
    </message>
    <message>
        <source>Daftar hari libur (*.xlsx *.csv);;Semua berkas (*)</source>
        <translation>Holiday list (*.xlsx *.csv);;All files (*)</translation>
    </message>
    <message>
        <source>Mengimpor hari libur</source>
        <translation>Importing holidays</translation>
    </message>
    <message>
        <source>{total} hari: {libur} libur nasional, {cuti} cuti bersama</source>
        <translation>{total} days: {libur} national holidays, {cuti} collective leave days</translation>
    </message>
    <message>
        <source>Dibatalkan. Tidak ada yang diubah.</source>
        <translation>Cancelled. Nothing was changed.</translation>
    </message>
    <message>
        <source>{date} ditambahkan sebagai hari libur: {name}.</source>
        <translation>{date} added as a holiday: {name}.</translation>
    </message>
    <message>
        <source>Sudah ada {n} sesi pada tanggal itu; sesi itu tetap ada. Batalkan atau pindahkan di halaman Jadwal.</source>
        <translation>There are already {n} sessions on that date; they stay. Cancel or move them on the Schedule page.</translation>
    </message>
    <message>
        <source>{date} ({name}) dihapus dari daftar hari libur.</source>
        <translation>{date} ({name}) removed from the holiday list.</translation>
    </message>
    <message>
        <source>Impor selesai: {added} ditambahkan, {updated} diperbarui, {unchanged} tidak berubah.</source>
        <translation>Import done: {added} added, {updated} updated, {unchanged} unchanged.</translation>
    </message>
</context>
<context>
    <name>HolidayModel</name>
    <message>
        <source>Tanggal</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Jenis</source>
        <translation>Kind</translation>
    </message>
</context>
<context>
    <name>ImportPage</name>
    <message>
        <source>4. Impor</source>
        <translation>4. Import</translation>
    </message>
    <message>
        <source>Semua baris disimpan sekaligus: bila dibatalkan, tidak ada yang berubah.</source>
        <translation>All rows are saved at once: if cancelled, nothing changes.</translation>
    </message>
    <message>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Simpan &amp;laporan kesalahan…</source>
        <translation>Save the error &amp;report…</translation>
    </message>
    <message>
        <source>Mengimpor…</source>
        <translation>Importing…</translation>
    </message>
    <message>
        <source>Membatalkan…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <source>Impor selesai.</source>
        <translation>Import done.</translation>
    </message>
    <message>
        <source>Impor dibatalkan. Tidak ada data yang diubah.</source>
        <translation>Import cancelled. No data was changed.</translation>
    </message>
    <message>
        <source>Impor gagal karena kesalahan program.</source>
        <translation>The import failed because of a program error.</translation>
    </message>
</context>
<context>
    <name>ImportTab</name>
    <message>
        <source>{name} · lahir {born} · {place} RT {rt}/RW {rw}</source>
        <translation>{name} · born {born} · {place} RT {rt}/RW {rw}</translation>
    </message>
    <message>
        <source>&amp;Pilih berkas…</source>
        <translation>&amp;Choose file…</translation>
    </message>
    <message>
        <source>Pilih kunjungan tujuan, lalu berkas daftar (csv atau xlsx dengan kolom NIK dan/atau NAMA, boleh dengan TANGGAL LAHIR).</source>
        <translation>Choose the target visit, then the list file (csv or xlsx with a NIK and/or NAMA column, optionally TANGGAL LAHIR).</translation>
    </message>
    <message>
        <source>Baris</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>Di daftar</source>
        <translation>In the list</translation>
    </message>
    <message>
        <source>Mengapa ragu</source>
        <translation>Why unsure</translation>
    </message>
    <message>
        <source>Warga yang dimaksud</source>
        <translation>Person meant</translation>
    </message>
    <message>
        <source>Mengapa tidak ditemukan</source>
        <translation>Why not found</translation>
    </message>
    <message>
        <source>&amp;Tambahkan ke kunjungan</source>
        <translation>&amp;Add to the visit</translation>
    </message>
    <message>
        <source>&amp;Kunjungan tujuan</source>
        <translation>Target &amp;visit</translation>
    </message>
    <message>
        <source>Perlu dipilih (nama sama atau mirip):</source>
        <translation>To choose (same or similar name):</translation>
    </message>
    <message>
        <source>Tidak ditemukan:</source>
        <translation>Not found:</translation>
    </message>
    <message>
        <source>Pilih daftar sekolah atau lapas</source>
        <translation>Choose a school or prison list</translation>
    </message>
    <message>
        <source>Daftar (*.csv *.xlsx)</source>
        <translation>List (*.csv *.xlsx)</translation>
    </message>
    <message>
        <source>Mencocokkan {name}…</source>
        <translation>Matching {name}…</translation>
    </message>
    <message>
        <source>{name}: {rows} baris; {found} warga ditemukan, {ambiguous} perlu dipilih, {missing} tidak ditemukan.</source>
        <translation>{name}: {rows} rows; {found} people found, {ambiguous} to choose, {missing} not found.</translation>
    </message>
    <message>
        <source>— lewati baris ini —</source>
        <translation>— skip this row —</translation>
    </message>
    <message>
        <source>{n} warga dari daftar ditambahkan ke kunjungan{skipped}.</source>
        <translation>{n} people from the list added to the visit{skipped}.</translation>
    </message>
    <message>
        <source> ({n} dilewati: sudah ada, sudah terekam, atau di kunjungan lain)</source>
        <translation> ({n} skipped: already there, already recorded, or on another visit)</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>Impor daftar pemilih dari KPU</source>
        <translation>Import the voter list from KPU</translation>
    </message>
    <message>
        <source>&amp;Lanjut &gt;</source>
        <translation>&amp;Next &gt;</translation>
    </message>
    <message>
        <source>&lt; &amp;Kembali</source>
        <translation>&lt; &amp;Back</translation>
    </message>
    <message>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>&amp;Selesai</source>
        <translation>&amp;Finish</translation>
    </message>
    <message>
        <source>&amp;Impor sekarang</source>
        <translation>&amp;Import now</translation>
    </message>
</context>
<context>
    <name>JadwalPage</name>
    <message>
        <source>Kosong</source>
        <translation>Empty</translation>
    </message>
    <message>
        <source>Terisi sebagian</source>
        <translation>Partly taken</translation>
    </message>
    <message>
        <source>Penuh</source>
        <translation>Full</translation>
    </message>
    <message>
        <source>Sesi khusus</source>
        <translation>Special session</translation>
    </message>
    <message>
        <source>Jadwal</source>
        <translation>Schedule</translation>
    </message>
    <message>
        <source>Semua lokasi</source>
        <translation>All locations</translation>
    </message>
    <message>
        <source>Tampilkan sesi semua lokasi atau satu lokasi</source>
        <translation>Show the sessions of every location or of one</translation>
    </message>
    <message>
        <source>Lo&amp;kasi:</source>
        <translation>Lo&amp;cation:</translation>
    </message>
    <message>
        <source>&amp;Minggu</source>
        <translation>&amp;Week</translation>
    </message>
    <message>
        <source>B&amp;ulan</source>
        <translation>&amp;Month</translation>
    </message>
    <message>
        <source>Sebelumnya</source>
        <translation>Previous</translation>
    </message>
    <message>
        <source>Hari &amp;ini</source>
        <translation>&amp;Today</translation>
    </message>
    <message>
        <source>Kembali ke hari ini</source>
        <translation>Back to today</translation>
    </message>
    <message>
        <source>Berikutnya</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>Memuat…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>Jadwalkan &amp;otomatis…</source>
        <translation>&amp;Auto-schedule…</translation>
    </message>
    <message>
        <source>Menjadwalkan banyak warga sekaligus, dengan pratinjau sebelum disimpan</source>
        <translation>Schedules many people at once, with a preview before saving</translation>
    </message>
    <message>
        <source>&amp;Tambah sesi…</source>
        <translation>A&amp;dd session…</translation>
    </message>
    <message>
        <source>Membuka sesi baru, juga sesi khusus di akhir pekan atau hari libur</source>
        <translation>Opens a new session, also a special one at a weekend or on a holiday</translation>
    </message>
    <message>
        <source>B&amp;atalkan sesi…</source>
        <translation>Ca&amp;ncel session…</translation>
    </message>
    <message>
        <source>Membatalkan sesi terpilih; orangnya dipindah ke sesi berikutnya</source>
        <translation>Cancels the chosen session; its people move to the next session</translation>
    </message>
    <message>
        <source>Pindahkan &amp;sesi…</source>
        <translation>Mo&amp;ve session…</translation>
    </message>
    <message>
        <source>Memindahkan sesi terpilih beserta orangnya ke waktu lain</source>
        <translation>Moves the chosen session with its people to another time</translation>
    </message>
    <message>
        <source>Pindahkan o&amp;rang…</source>
        <translation>Move &amp;people…</translation>
    </message>
    <message>
        <source>Memindahkan warga yang dipilih di tabel ke sesi lain (atau seret ke kalender)</source>
        <translation>Moves the people chosen in the table to another session (or drag them onto the calendar)</translation>
    </message>
    <message>
        <source>Hari &amp;libur…</source>
        <translation>Ho&amp;lidays…</translation>
    </message>
    <message>
        <source>Daftar hari libur dan cuti bersama</source>
        <translation>The list of holidays and collective leave days</translation>
    </message>
    <message>
        <source>Hari libur / cuti bersama</source>
        <translation>Holiday / collective leave</translation>
    </message>
    <message>
        <source>Sesi</source>
        <translation>Session</translation>
    </message>
    <message>
        <source>Lokasi</source>
        <translation>Location</translation>
    </message>
    <message>
        <source>Tanggal</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Jam</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Kapasitas</source>
        <translation>Capacity</translation>
    </message>
    <message>
        <source>Keterangan</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Pilih sesi di kalender atau di daftar sesi hari itu.</source>
        <translation>Choose a session in the calendar or in the day&apos;s list of sessions.</translation>
    </message>
    <message>
        <source>{n} orang dipanggil ke sesi ini</source>
        <translation>{n} people called to this session</translation>
    </message>
    <message>
        <source>Belum ada yang dipanggil ke sesi ini.</source>
        <translation>No one has been called to this session yet.</translation>
    </message>
    <message>
        <source>{kind}: {name}</source>
        <translation>{kind}: {name}</translation>
    </message>
    <message>
        <source>Tidak ada sesi pada hari ini.</source>
        <translation>No sessions on this day.</translation>
    </message>
    <message>
        <source>{n} sesi · {assigned} dari {total} tempat terisi</source>
        <translation>{n} sessions · {assigned} of {total} places taken</translation>
    </message>
    <message>
        <source>{capacity} orang · {assigned} terisi · {free} sisa ({state})</source>
        <translation>{capacity} people · {assigned} taken · {free} free ({state})</translation>
    </message>
    <message>
        <source>Sesi khusus (dibuka di luar jam layanan biasa)</source>
        <translation>Special session (opened outside the usual service hours)</translation>
    </message>
    <message>
        <source>Dibatalkan. Tidak ada yang diubah.</source>
        <translation>Cancelled. Nothing was changed.</translation>
    </message>
</context>
<context>
    <name>JemputBolaPage</name>
    <message>
        <source>Tempat</source>
        <translation>Places</translation>
    </message>
    <message>
        <source>Kunjungan</source>
        <translation>Visits</translation>
    </message>
    <message>
        <source>Usulan</source>
        <translation>Proposals</translation>
    </message>
    <message>
        <source>Impor daftar</source>
        <translation>Import a list</translation>
    </message>
    <message>
        <source>Jemput Bola</source>
        <translation>Outreach (jemput bola)</translation>
    </message>
    <message>
        <source>&amp;Tambah tempat…</source>
        <translation>&amp;Add place…</translation>
    </message>
    <message>
        <source>&amp;Ubah…</source>
        <translation>&amp;Edit…</translation>
    </message>
    <message>
        <source>Nonakti&amp;fkan</source>
        <translation>Deacti&amp;vate</translation>
    </message>
    <message>
        <source>Buat kunjungan dari &amp;usulan…</source>
        <translation>Visit from &amp;proposal…</translation>
    </message>
    <message>
        <source>Buat kunjungan untuk &amp;kandidat…</source>
        <translation>Visit for &amp;candidates…</translation>
    </message>
    <message>
        <source>Menghitung usulan…</source>
        <translation>Working out the proposals…</translation>
    </message>
    <message>
        <source>Menurut kategori (Pengaturan: tempat layanan tiap kategori): {n} warga dalam {v} usulan kunjungan. Pilih satu lalu buat kunjungannya.</source>
        <translation>By category (Settings: where each category is served): {n} people in {v} proposed visits. Choose one, then make its visit.</translation>
    </message>
    <message>
        <source>Menurut ketidakhadiran: {n} warga tidak hadir {k} kali atau lebih.</source>
        <translation>By no-shows: {n} people were no-shows {k} times or more.</translation>
    </message>
    <message>
        <source>Akti&amp;fkan</source>
        <translation>Acti&amp;vate</translation>
    </message>
    <message>
        <source>Tempat disimpan.</source>
        <translation>Place saved.</translation>
    </message>
    <message>
        <source>{name} sekarang {state}.</source>
        <translation>{name} is now {state}.</translation>
    </message>
    <message>
        <source>nonaktif</source>
        <translation>inactive</translation>
    </message>
    <message>
        <source>aktif</source>
        <translation>active</translation>
    </message>
    <message>
        <source>{v} kunjungan dibuat untuk {n} warga.</source>
        <translation>{v} visits made for {n} people.</translation>
    </message>
    <message>
        <source>Kunjungan dibuat dengan {n} warga{s}.</source>
        <translation>Visit made with {n} people{s}.</translation>
    </message>
    <message>
        <source> ({n} dilewati)</source>
        <translation> ({n} skipped)</translation>
    </message>
    <message>
        <source>Pilih dulu satu usulan.</source>
        <translation>Choose a proposal first.</translation>
    </message>
    <message>
        <source>Kunjungan ditutup: {n} warga ditandai tidak hadir.</source>
        <translation>Visit closed: {n} people marked as no-shows.</translation>
    </message>
    <message>
        <source>Dibatalkan. Tidak ada yang diubah.</source>
        <translation>Cancelled. Nothing was changed.</translation>
    </message>
</context>
<context>
    <name>JobRunner</name>
    <message>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Membatalkan…</source>
        <translation>Cancelling…</translation>
    </message>
</context>
<context>
    <name>KelurahanBarsView</name>
    <message>
        <source>Belum terekam per kelurahan (klik untuk daftar warga)</source>
        <translation>Not recorded yet by kelurahan (click for the people)</translation>
    </message>
    <message>
        <source>Belum terekam</source>
        <translation>Not recorded yet</translation>
    </message>
    <message>
        <source>{name}: {left} dari {people} orang belum terekam ({share})</source>
        <translation>{name}: {left} of {people} people not recorded yet ({share})</translation>
    </message>
</context>
<context>
    <name>LaporanPage</name>
    <message>
        <source>Seluruh kegiatan</source>
        <translation>The whole drive</translation>
    </message>
    <message>
        <source>Hari ini</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>7 hari terakhir</source>
        <translation>Last 7 days</translation>
    </message>
    <message>
        <source>Pilih tanggal</source>
        <translation>Choose dates</translation>
    </message>
    <message>
        <source>&amp;Dari</source>
        <translation>Fro&amp;m</translation>
    </message>
    <message>
        <source>S&amp;ampai</source>
        <translation>&amp;To</translation>
    </message>
    <message>
        <source>Semua kantor</source>
        <translation>All offices</translation>
    </message>
    <message>
        <source>&amp;Kantor</source>
        <translation>&amp;Office</translation>
    </message>
    <message>
        <source>&amp;Segarkan</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <source>Menghitung…</source>
        <translation>Counting…</translation>
    </message>
    <message>
        <source>Ekspor &amp;xlsx…</source>
        <translation>Export &amp;xlsx…</translation>
    </message>
    <message>
        <source>Ekspor &amp;PDF…</source>
        <translation>Export &amp;PDF…</translation>
    </message>
    <message>
        <source>Ekspor &amp;csv…</source>
        <translation>Export &amp;csv…</translation>
    </message>
    <message>
        <source>Peri&amp;ode</source>
        <translation>P&amp;eriod</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Target</translation>
    </message>
    <message>
        <source>Dipanggil</source>
        <translation>Called</translation>
    </message>
    <message>
        <source>Datang</source>
        <translation>Came</translation>
    </message>
    <message>
        <source>Terekam</source>
        <translation>Recorded</translation>
    </message>
    <message>
        <source>Gagal rekam</source>
        <translation>Recording failed</translation>
    </message>
    <message>
        <source>Tidak hadir</source>
        <translation>No-shows</translation>
    </message>
    <message>
        <source>Belum dilayani</source>
        <translation>Not served yet</translation>
    </message>
    <message>
        <source>Menuju pemungutan suara</source>
        <translation>Until polling day</translation>
    </message>
    <message>
        <source>Laju dibutuhkan</source>
        <translation>Pace needed</translation>
    </message>
    <message>
        <source>Laju 7 hari</source>
        <translation>7-day pace</translation>
    </message>
    <message>
        <source>Perkiraan target tercapai</source>
        <translation>Target reached (estimate)</translation>
    </message>
    <message>
        <source>Kelurahan</source>
        <translation>Kelurahan</translation>
    </message>
    <message>
        <source>Kecamatan</source>
        <translation>Kecamatan</translation>
    </message>
    <message>
        <source>Klik dua kali: warga kelurahan ini yang belum terekam</source>
        <translation>Double-click: the people of this kelurahan not recorded yet</translation>
    </message>
    <message>
        <source>Kategori</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Kantor</source>
        <translation>Office</translation>
    </message>
    <message>
        <source>Grafik</source>
        <translation>Charts</translation>
    </message>
    <message>
        <source>Per kelurahan</source>
        <translation>By kelurahan</translation>
    </message>
    <message>
        <source>Per kategori</source>
        <translation>By category</translation>
    </message>
    <message>
        <source>Per kantor</source>
        <translation>By office</translation>
    </message>
    <message>
        <source>Per hari</source>
        <translation>By day</translation>
    </message>
    <message>
        <source>Alasan gagal</source>
        <translation>Failure reasons</translation>
    </message>
    <message>
        <source>Laporan</source>
        <translation>Reports</translation>
    </message>
    <message>
        <source>orang</source>
        <translation>people</translation>
    </message>
    <message>
        <source>{pct} dari target</source>
        <translation>{pct} of the target</translation>
    </message>
    <message>
        <source>{n} hari</source>
        <translation>{n} days</translation>
    </message>
    <message>
        <source>{pace} orang/hari</source>
        <translation>{pace} people/day</translation>
    </message>
    <message>
        <source>sisa {left} orang, {days} hari layanan</source>
        <translation>{left} people left, {days} service days</translation>
    </message>
    <message>
        <source>terekam 7 hari terakhir</source>
        <translation>recorded in the last 7 days</translation>
    </message>
    <message>
        <source>tidak tercapai</source>
        <translation>not reached</translation>
    </message>
    <message>
        <source>pada laju 7 hari</source>
        <translation>at the 7-day pace</translation>
    </message>
    <message>
        <source>Buku kerja Excel (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>Berkas PDF (*.pdf)</source>
        <translation>PDF file (*.pdf)</translation>
    </message>
    <message>
        <source>Berkas CSV (*.csv)</source>
        <translation>CSV file (*.csv)</translation>
    </message>
    <message>
        <source>Simpan laporan</source>
        <translation>Save the report</translation>
    </message>
    <message>
        <source>Menulis laporan</source>
        <translation>Writing the report</translation>
    </message>
    <message>
        <source>Laporan disimpan: {path}</source>
        <translation>Report saved: {path}</translation>
    </message>
</context>
<context>
    <name>LettersModel</name>
    <message>
        <source>Belum dicetak</source>
        <translation>Not printed</translation>
    </message>
    <message>
        <source>Dicetak</source>
        <translation>Printed</translation>
    </message>
    <message>
        <source>Cetak ulang</source>
        <translation>Reprint</translation>
    </message>
    <message>
        <source>Surat belum dicetak; nomornya diberikan saat dicetak.</source>
        <translation>Letter not printed yet; its number is given when it is printed.</translation>
    </message>
    <message>
        <source>Surat sudah dicetak.</source>
        <translation>Letter printed.</translation>
    </message>
    <message>
        <source>Surat perlu dicetak ulang (jadwal berubah, atau hilang/rusak); nomornya tetap.</source>
        <translation>Letter to be reprinted (the schedule changed, or it was lost/damaged); its number stays.</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Kelurahan</source>
        <translation>Kelurahan</translation>
    </message>
    <message>
        <source>RT/RW</source>
        <translation>RT/RW</translation>
    </message>
    <message>
        <source>Jadwal</source>
        <translation>Schedule</translation>
    </message>
    <message>
        <source>Status surat</source>
        <translation>Letter status</translation>
    </message>
    <message>
        <source>Nomor surat</source>
        <translation>Letter number</translation>
    </message>
    <message>
        <source>Dicetak ulang</source>
        <translation>Reprinted</translation>
    </message>
    <message>
        <source>PDF dibuat</source>
        <translation>PDF made</translation>
    </message>
    <message>
        <source>Belum bernomor: nomor diberikan saat dicetak.</source>
        <translation>No number yet: the number is given when it is printed.</translation>
    </message>
    <message>
        <source>Sudah dicetak ulang {n} kali dengan nomor yang sama.</source>
        <translation>Reprinted {n} times with the same number.</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>&amp;Buka</source>
        <translation>&amp;Unlock</translation>
    </message>
    <message>
        <source>Layar dikunci karena tidak dipakai. Masukkan kata sandi akun ini, atau masuk dengan akun lain.</source>
        <translation>The screen was locked because it was not in use. Enter this account&apos;s password, or log in with another account.</translation>
    </message>
    <message>
        <source>&amp;Nama akun:</source>
        <translation>&amp;Account name:</translation>
    </message>
    <message>
        <source>&amp;Kata sandi:</source>
        <translation>&amp;Password:</translation>
    </message>
    <message>
        <source>Terkunci</source>
        <translation>Locked</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Masuk ke ektp-desk</source>
        <translation>Log in to ektp-desk</translation>
    </message>
    <message>
        <source>&amp;Nama akun:</source>
        <translation>&amp;Account name:</translation>
    </message>
    <message>
        <source>&amp;Kata sandi:</source>
        <translation>&amp;Password:</translation>
    </message>
    <message>
        <source>&amp;Masuk</source>
        <translation>&amp;Log in</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>ektp-desk — Perekaman e-KTP</source>
        <translation>ektp-desk — e-KTP recording</translation>
    </message>
    <message>
        <source>Warga</source>
        <translation>People</translation>
    </message>
    <message>
        <source>Jadwal</source>
        <translation>Schedule</translation>
    </message>
    <message>
        <source>Surat</source>
        <translation>Letters</translation>
    </message>
    <message>
        <source>Meja Layanan</source>
        <translation>Service Desk</translation>
    </message>
    <message>
        <source>Sinkronisasi</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>Profil Kantor</source>
        <translation>Office Profile</translation>
    </message>
    <message>
        <source>Pengaturan</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Laporan</source>
        <translation>Reports</translation>
    </message>
    <message>
        <source>Jemput Bola</source>
        <translation>Outreach</translation>
    </message>
    <message>
        <source>&amp;Berkas</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Impor daftar KPU…</source>
        <translation>&amp;Import KPU list…</translation>
    </message>
    <message>
        <source>&amp;Keluar</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Halaman</source>
        <translation>&amp;Go</translation>
    </message>
    <message>
        <source>Ba&amp;ntuan</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;Kirim laporan masalah…</source>
        <translation>&amp;Send a problem report…</translation>
    </message>
    <message>
        <source>Menyimpan catatan program dan versinya (tanpa data warga) dalam satu berkas zip untuk dikirim ke Dindukcapil kota</source>
        <translation>Saves the program&apos;s log and versions (no personal data) in one zip file to send to the city&apos;s Dindukcapil</translation>
    </message>
    <message>
        <source>&amp;Tentang ektp-desk</source>
        <translation>&amp;About ektp-desk</translation>
    </message>
    <message>
        <source>Basis data: {}</source>
        <translation>Database: {}</translation>
    </message>
    <message>
        <source>Hari pemungutan suara {} sudah lewat</source>
        <translation>Polling day {} has passed</translation>
    </message>
    <message>
        <source>Meja: {desk} · Petugas: {user}</source>
        <translation>Desk: {desk} · Clerk: {user}</translation>
    </message>
    <message>
        <source>ektp-desk {}
Meja layanan perekaman e-KTP.</source>
        <translation>ektp-desk {}
Service desk for e-KTP recording.</translation>
    </message>
    <message>
        <source>Tentang ektp-desk</source>
        <translation>About ektp-desk</translation>
    </message>
    <message>
        <source>Pekerjaan masih berjalan</source>
        <translation>Work still running</translation>
    </message>
    <message>
        <source>Masih ada pekerjaan yang berjalan. Batalkan dan keluar?</source>
        <translation>Some work is still running. Cancel it and quit?</translation>
    </message>
</context>
<context>
    <name>MappingPage</name>
    <message>
        <source>2. Cocokkan kolom</source>
        <translation>2. Match the columns</translation>
    </message>
    <message>
        <source>Periksa kolom berkas untuk setiap data. Yang bertanda * wajib ada.</source>
        <translation>Check the file&apos;s column for each field. Those marked * are required.</translation>
    </message>
    <message>
        <source>Contoh isi berkas:</source>
        <translation>Sample of the file:</translation>
    </message>
    <message>
        <source>(tidak dipakai)</source>
        <translation>(not used)</translation>
    </message>
    <message>
        <source>{header}  [kolom {n}]</source>
        <translation>{header}  [column {n}]</translation>
    </message>
    <message>
        <source>(tanpa judul)</source>
        <translation>(no heading)</translation>
    </message>
    <message>
        <source>Pilih kolom berkas untuk: {}.</source>
        <translation>Choose the file&apos;s column for: {}.</translation>
    </message>
</context>
<context>
    <name>MejaPage</name>
    <message>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>NIK</source>
        <translation>NIK</translation>
    </message>
    <message>
        <source>Tgl lahir</source>
        <translation>Born on</translation>
    </message>
    <message>
        <source>Kelurahan</source>
        <translation>Kelurahan</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Waktu</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Kejadian</source>
        <translation>Event</translation>
    </message>
    <message>
        <source>Keterangan</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Petugas</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <source>Meja</source>
        <translation>Desk</translation>
    </message>
    <message>
        <source>Dibatalkan (Ctrl+Z)</source>
        <translation>Undone (Ctrl+Z)</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>Jam</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Meja Layanan</source>
        <translation>Service Desk</translation>
    </message>
    <message>
        <source>Tidak ada warga yang cocok dengan &quot;{text}&quot;. Periksa ejaan, atau catat sebagai datang langsung (Ctrl+N).</source>
        <translation>No one matches &quot;{text}&quot;. Check the spelling, or record a walk-in (Ctrl+N).</translation>
    </message>
    <message>
        <source>1 warga cocok. Tekan Enter untuk membukanya.</source>
        <translation>1 person matches. Press Enter to open them.</translation>
    </message>
    <message>
        <source>{n} warga cocok. Pilih dengan ↑/↓ lalu Enter.</source>
        <translation>{n} people match. Choose with ↑/↓ then Enter.</translation>
    </message>
    <message>
        <source>Belum ada warga yang dibuka: tidak ada yang dibatalkan.</source>
        <translation>No person is open: nothing was undone.</translation>
    </message>
    <message>
        <source> · antrian {n}</source>
        <translation> · queue {n}</translation>
    </message>
    <message>
        <source>{name} dicatat sebagai datang langsung ({status}{queue}).</source>
        <translation>{name} recorded as a walk-in ({status}{queue}).</translation>
    </message>
    <message>
        <source>Perubahan terakhir {name} dibatalkan; status sekarang {status}.</source>
        <translation>{name}&apos;s last change undone; the status is now {status}.</translation>
    </message>
    <message>
        <source>✓ {name}: {status}{queue}</source>
        <translation>✓ {name}: {status}{queue}</translation>
    </message>
    <message>
        <source>{name} sudah berstatus {status}{queue}; tidak ditandai hadir lagi.</source>
        <translation>{name} is already {status}{queue}; not marked present again.</translation>
    </message>
    <message>
        <source>{name} dibuka ({status}{queue}). Pilih hasil dengan tombol F.</source>
        <translation>{name} opened ({status}{queue}). Choose the outcome with the F keys.</translation>
    </message>
    <message>
        <source>Dibatalkan. Tidak ada yang diubah.</source>
        <translation>Cancelled. Nothing was changed.</translation>
    </message>
    <message>
        <source>Belum ada warga pada daftar ini.</source>
        <translation>No one on this list yet.</translation>
    </message>
    <message>
        <source>{n} warga yang dijadwalkan hari ini dan belum datang akan ditandai tidak hadir (masuk panggilan berikutnya).</source>
        <translation>{n} people scheduled today who have not come will be marked as no-shows (they go into the next call).</translation>
    </message>
    <message>
        <source>Tidak ada warga yang akan ditandai tidak hadir.</source>
        <translation>No one will be marked as a no-show.</translation>
    </message>
    <message>
        <source> {n} warga masih menunggu (hadir, belum ada hasil) dan tidak ditandai: {names}.</source>
        <translation> {n} people are still waiting (present, no outcome yet) and are not marked: {names}.</translation>
    </message>
    <message>
        <source>Tutup hari</source>
        <translation>Close the day</translation>
    </message>
    <message>
        <source>Tutup hari {date}?</source>
        <translation>Close the day {date}?</translation>
    </message>
    <message>
        <source> Bila ada yang keliru, dapat dibatalkan per warga dengan Ctrl+Z.</source>
        <translation> If something is wrong, it can be undone person by person with Ctrl+Z.</translation>
    </message>
    <message>
        <source>Ya, tutup hari</source>
        <translation>Yes, close the day</translation>
    </message>
    <message>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Menutup hari…</source>
        <translation>Closing the day…</translation>
    </message>
    <message>
        <source>Hari {date} ditutup: {n} warga ditandai tidak hadir.</source>
        <translation>Day {date} closed: {n} people marked as no-shows.</translation>
    </message>
    <message>
        <source>Semua</source>
        <translation>All</translation>
    </message>
    <message>
        <source>Terjadwal</source>
        <translation>Booked</translation>
    </message>
    <message>
        <source>Hadir</source>
        <translation>Present</translation>
    </message>
    <message>
        <source>Menunggu</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>Selesai</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Sudah rekam</source>
        <translation>Already recorded</translation>
    </message>
    <message>
        <source>Tak dapat dilayani</source>
        <translation>Cannot be served</translation>
    </message>
    <message>
        <source>Suket</source>
        <translation>Certificate</translation>
    </message>
    <message>
        <source>Rekam luar daerah</source>
        <translation>Recorded elsewhere</translation>
    </message>
    <message>
        <source>Klarifikasi selesai</source>
        <translation>Clarification done</translation>
    </message>
    <message>
        <source>Kantor (jadwal hari ini)</source>
        <translation>Office (today&apos;s schedule)</translation>
    </message>
    <message>
        <source>Di mana meja ini melayani: kantor, atau kunjungan jemput bola hari ini (laptop tim).</source>
        <translation>Where this desk serves: the office, or a jemput bola visit of today (the team&apos;s laptop).</translation>
    </message>
    <message>
        <source>La&amp;yanan di</source>
        <translation>Ser&amp;ving at</translation>
    </message>
    <message>
        <source>Tutup kunjungan…</source>
        <translation>Close the visit…</translation>
    </message>
    <message>
        <source>Tutup hari…</source>
        <translation>Close the day…</translation>
    </message>
    <message>
        <source>Melayani {place}: pindai atau cari warga dalam daftar kunjungan ini.</source>
        <translation>Serving {place}: scan or search for people on this visit&apos;s list.</translation>
    </message>
    <message>
        <source>Tutup kunjungan</source>
        <translation>Close the visit</translation>
    </message>
    <message>
        <source>Tutup {place}?</source>
        <translation>Close {place}?</translation>
    </message>
    <message>
        <source>{n} warga yang belum ada hasilnya ditandai tidak hadir (masuk panggilan berikutnya). Setelah ditutup, meja kembali melayani kantor.</source>
        <translation>{n} people with no outcome yet are marked as no-shows (they go into the next call). Once it is closed, the desk serves the office again.</translation>
    </message>
    <message>
        <source>Ya, tutup kunjungan</source>
        <translation>Yes, close the visit</translation>
    </message>
    <message>
        <source>Kunjungan ditutup: {n} warga ditandai tidak hadir.</source>
        <translation>Visit closed: {n} people marked as no-shows.</translation>
    </message>
    <message>
        <source>Menutup kunjungan…</source>
        <translation>Closing the visit…</translation>
    </message>
</context>
<context>
    <name>MovePeopleDialog</name>
    <message>
        <source>Pindahkan orang</source>
        <translation>Move people</translation>
    </message>
    <message>
        <source>Pindahkan &lt;b&gt;{n} orang&lt;/b&gt; dari sesi {slot}</source>
        <translation>Move &lt;b&gt;{n} people&lt;/b&gt; from session {slot}</translation>
    </message>
    <message>
        <source>Semua lokasi</source>
        <translation>All locations</translation>
    </message>
    <message>
        <source>&amp;Lokasi:</source>
        <translation>&amp;Location:</translation>
    </message>
    <message>
        <source>&amp;Dari:</source>
        <translation>&amp;From:</translation>
    </message>
    <message>
        <source>&amp;Sampai:</source>
        <translation>&amp;To:</translation>
    </message>
    <message>
        <source>&amp;Pindahkan</source>
        <translation>&amp;Move</translation>
    </message>
    <message>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Tidak ada sesi dengan tempat kosong di rentang ini. Ubah lokasi atau tanggal, atau buat sesi baru.</source>
        <translation>No session with free places in this range. Change the location or the dates, or make a new session.</translation>
    </message>
    <message>
        <source>{fit} sesi cukup tempat; yang abu-abu tidak cukup untuk {n} orang.</source>
        <translation>{fit} sessions have room; the grey ones have no room for {n} people.</translation>
    </message>
    <message>
        <source>{} sesi dengan tempat kosong.</source>
        <translation>{} sessions with free places.</translation>
    </message>
</context>
<context>
    <name>MoveSlotDialog</name>
    <message>
        <source>Pindahkan sesi</source>
        <translation>Move session</translation>
    </message>
    <message>
        <source>Pindahkan sesi &lt;b&gt;{slot}&lt;/b&gt; beserta &lt;b&gt;{n} orang&lt;/b&gt; di dalamnya.</source>
        <translation>Move the session &lt;b&gt;{slot}&lt;/b&gt; with the &lt;b&gt;{n} people&lt;/b&gt; in it.</translation>
    </message>
    <message>
        <source>Tanggal &amp;baru:</source>
        <translation>&amp;New date:</translation>
    </message>
    <message>
        <source>Semua orang di sesi ini ikut pindah. Surat yang sudah dicetak ditandai perlu dicetak ulang.</source>
        <translation>Everyone in this session moves with it. Letters already printed are marked for reprinting.</translation>
    </message>
    <message>
        <source>&amp;Pindahkan sesi</source>
        <translation>&amp;Move session</translation>
    </message>
</context>
<context>
    <name>OfficeIdentityDialog</name>
    <message>
        <source>Buat identitas kantor</source>
        <translation>Create the office identity</translation>
    </message>
    <message>
        <source>&amp;Kantor kecamatan: melayani warga satu kecamatan</source>
        <translation>&amp;Kecamatan office: serves the people of one kecamatan</translation>
    </message>
    <message>
        <source>&amp;Dindukcapil kota: kantor pusat yang meneruskan data antarkecamatan</source>
        <translation>&amp;Dindukcapil of the city: the head office that passes data between kecamatan</translation>
    </message>
    <message>
        <source>&amp;Buat identitas</source>
        <translation>&amp;Create identity</translation>
    </message>
    <message>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Kata sandi melindungi kunci kantor di PC ini. Ia diminta setiap kali berkas sinkronisasi dibuat atau dibuka, dan tidak dapat dipulihkan bila lupa: catat dan simpan di tempat aman.</source>
        <translation>The passphrase protects the office keys on this PC. It is asked for each time a sync file is made or opened, and cannot be recovered if forgotten: write it down and keep it somewhere safe.</translation>
    </message>
    <message>
        <source>Jenis kantor:</source>
        <translation>Office kind:</translation>
    </message>
    <message>
        <source>&amp;Wilayah:</source>
        <translation>&amp;Region:</translation>
    </message>
    <message>
        <source>&amp;Nama kantor:</source>
        <translation>Office &amp;name:</translation>
    </message>
    <message>
        <source>Kata &amp;sandi:</source>
        <translation>&amp;Passphrase:</translation>
    </message>
    <message>
        <source>&amp;Ulangi kata sandi:</source>
        <translation>Passphrase &amp;again:</translation>
    </message>
    <message>
        <source>Pilih wilayah kantor.</source>
        <translation>Choose the office&apos;s region.</translation>
    </message>
    <message>
        <source>Isi nama kantor.</source>
        <translation>Fill in the office name.</translation>
    </message>
    <message>
        <source>Kata sandi minimal {n} karakter.</source>
        <translation>The passphrase needs at least {n} characters.</translation>
    </message>
    <message>
        <source>Kedua kata sandi belum sama.</source>
        <translation>The two passphrases are not the same yet.</translation>
    </message>
    <message>
        <source>Kekuatan kata sandi: {}</source>
        <translation>Passphrase strength: {}</translation>
    </message>
    <message>
        <source>Minimal {n} karakter; beberapa kata mudah diingat dan sulit ditebak.</source>
        <translation>At least {n} characters; several words are easy to remember and hard to guess.</translation>
    </message>
    <message>
        <source>Sama.</source>
        <translation>Same.</translation>
    </message>
    <message>
        <source>Belum sama dengan kata sandi di atas.</source>
        <translation>Not the same as the passphrase above yet.</translation>
    </message>
    <message>
        <source>Membuat kunci kantor</source>
        <translation>Making the office keys</translation>
    </message>
    <message>
        <source>&amp;Selesai</source>
        <translation>&amp;Finish</translation>
    </message>
    <message>
        <source>Identitas kantor dibuat: &lt;b&gt;{office_id}&lt;/b&gt; — {name}.&lt;br&gt;Sidik kunci kantor ini:</source>
        <translation>Office identity created: &lt;b&gt;{office_id}&lt;/b&gt; — {name}.&lt;br&gt;This office&apos;s key fingerprint:</translation>
    </message>
    <message>
        <source>Simpan kartu kantor dan kirim ke kantor lain. Lalu telepon mereka dan bacakan sidik kunci ini per kelompok empat karakter, huruf demi huruf:

{spoken}

Angkanya hanya 2 sampai 7, jadi &quot;O&quot; selalu huruf O dan &quot;I&quot; selalu huruf I. Kantor itu mengetik sidik yang Anda bacakan saat mempercayai kartu Anda; bila satu karakter saja berbeda, kartunya ditolak.</source>
        <translation>Save the office card and send it to the other offices. Then phone them and read this key fingerprint out in groups of four characters, letter by letter:

{spoken}

The only digits are 2 to 7, so &quot;O&quot; is always the letter O and &quot;I&quot; always the letter I. That office types the fingerprint you read out when it trusts your card; if a single character differs, the card is refused.</translation>
    </message>
</context>
<context>
    <name>OfficePage</name>
    <message>
        <source>Profil kantor</source>
        <translation>Office profile</translation>
    </message>
    <message>
        <source>Kop surat dan kantor ini. Logo, tanda tangan dan teks surat diisi nanti di Profil Kantor.</source>
        <translation>This office and its letterhead. The logo, signature and letter texts are filled in later on Office Profile.</translation>
    </message>
    <message>
        <source>Kantor kecamatan</source>
        <translation>Kecamatan office</translation>
    </message>
    <message>
        <source>Dindukcapil (kota)</source>
        <translation>Dindukcapil (city)</translation>
    </message>
    <message>
        <source>&amp;Jenis kantor:</source>
        <translation>Office &amp;kind:</translation>
    </message>
    <message>
        <source>Kode &amp;wilayah:</source>
        <translation>&amp;Region code:</translation>
    </message>
</context>
<context>
    <name>PdfView</name>
    <message>
        <source>Halaman sebelumnya (PgUp)</source>
        <translation>Previous page (PgUp)</translation>
    </message>
    <message>
        <source>Halaman berikutnya (PgDown)</source>
        <translation>Next page (PgDown)</translation>
    </message>
    <message>
        <source>Perbesaran (Ctrl++ / Ctrl+- ; Ctrl+0: selebar tampilan)</source>
        <translation>Zoom (Ctrl++ / Ctrl+- ; Ctrl+0: fit the width)</translation>
    </message>
    <message>
        <source>Selebar tampilan</source>
        <translation>Fit the width</translation>
    </message>
    <message>
        <source>Satu halaman penuh</source>
        <translation>One whole page</translation>
    </message>
    <message>
        <source>Tidak ada yang ditampilkan.</source>
        <translation>Nothing to show.</translation>
    </message>
    <message>
        <source>Halaman {page} dari {count}</source>
        <translation>Page {page} of {count}</translation>
    </message>
</context>
<context>
    <name>PengaturanPage</name>
    <message>
        <source>&amp;Simpan</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <source>Kembalikan</source>
        <translation>Revert</translation>
    </message>
    <message>
        <source>&amp;Log audit…</source>
        <translation>&amp;Audit log…</translation>
    </message>
    <message>
        <source>Pulihkan dari &amp;cadangan…</source>
        <translation>Restore from &amp;backup…</translation>
    </message>
    <message>
        <source>Pengaturan</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Tersimpan.</source>
        <translation>Saved.</translation>
    </message>
    <message>
        <source>Pulihkan dari cadangan</source>
        <translation>Restore from backup</translation>
    </message>
    <message>
        <source>Belum ada cadangan basis data ini.</source>
        <translation>This database has no backups yet.</translation>
    </message>
</context>
<context>
    <name>PeopleModel</name>
    <message>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>NIK</source>
        <translation>NIK</translation>
    </message>
    <message>
        <source>Tgl lahir</source>
        <translation>Born on</translation>
    </message>
    <message>
        <source>L/P</source>
        <translation>M/F</translation>
    </message>
    <message>
        <source>Alamat</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>RT/RW</source>
        <translation>RT/RW</translation>
    </message>
    <message>
        <source>Kelurahan</source>
        <translation>Kelurahan</translation>
    </message>
    <message>
        <source>Kategori</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Jenis kelamin: L laki-laki, P perempuan</source>
        <translation>Sex: L male, P female</translation>
    </message>
    <message>
        <source>Peringatan (jumlah)</source>
        <translation>Warnings (count)</translation>
    </message>
    <message>
        <source>Pemula</source>
        <translation>First-time</translation>
    </message>
    <message>
        <source>Disabilitas</source>
        <translation>Disability</translation>
    </message>
    <message>
        <source>Warga binaan</source>
        <translation>Inmate</translation>
    </message>
    <message>
        <source>Lainnya</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>Thn lahir</source>
        <translation>Born in</translation>
    </message>
    <message>
        <source>Memuat…</source>
        <translation>Loading…</translation>
    </message>
</context>
<context>
    <name>PersonPane</name>
    <message>
        <source>Pilih warga di daftar untuk melihat rinciannya.</source>
        <translation>Choose a person in the list to see their details.</translation>
    </message>
    <message>
        <source>Tampilkan NIK</source>
        <translation>Show NIK</translation>
    </message>
    <message>
        <source>Menampilkan NIK dan NKK lengkap. Tercatat di log.</source>
        <translation>Shows the full NIK and NKK. Recorded in the log.</translation>
    </message>
    <message>
        <source>NIK</source>
        <translation>NIK</translation>
    </message>
    <message>
        <source>NKK</source>
        <translation>NKK</translation>
    </message>
    <message>
        <source>Tempat, tgl lahir</source>
        <translation>Place, date of birth</translation>
    </message>
    <message>
        <source>Jenis kelamin</source>
        <translation>Sex</translation>
    </message>
    <message>
        <source>Status kawin</source>
        <translation>Marital status</translation>
    </message>
    <message>
        <source>Alamat</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>RT/RW</source>
        <translation>RT/RW</translation>
    </message>
    <message>
        <source>Kelurahan</source>
        <translation>Kelurahan</translation>
    </message>
    <message>
        <source>Kecamatan</source>
        <translation>Kecamatan</translation>
    </message>
    <message>
        <source>Kategori</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Disabilitas</source>
        <translation>Disability</translation>
    </message>
    <message>
        <source>Keterangan</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Panggilan</source>
        <translation>Calls</translation>
    </message>
    <message>
        <source>Peringatan</source>
        <translation>Warnings</translation>
    </message>
    <message>
        <source>Riwayat</source>
        <translation>History</translation>
    </message>
    <message>
        <source>Impor</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>Status: {}</source>
        <translation>Status: {}</translation>
    </message>
    <message>
        <source>Laki-laki</source>
        <translation>Male</translation>
    </message>
    <message>
        <source>Perempuan</source>
        <translation>Female</translation>
    </message>
    <message>
        <source>Belum kawin</source>
        <translation>Not married</translation>
    </message>
    <message>
        <source>Kawin</source>
        <translation>Married</translation>
    </message>
    <message>
        <source>Pernah kawin</source>
        <translation>Was married</translation>
    </message>
    <message>
        <source>Tidak ada panggilan.</source>
        <translation>No calls.</translation>
    </message>
    <message>
        <source>Tidak ada peringatan.</source>
        <translation>No warnings.</translation>
    </message>
    <message>
        <source> — oleh {}</source>
        <translation> — by {}</translation>
    </message>
    <message>
        <source>Belum ada kejadian.</source>
        <translation>No events yet.</translation>
    </message>
    <message>
        <source>Pertama: {file}, {when} oleh {user}</source>
        <translation>First: {file}, {when} by {user}</translation>
    </message>
    <message>
        <source>Terakhir: {file}, {when} oleh {user}</source>
        <translation>Last: {file}, {when} by {user}</translation>
    </message>
    <message>
        <source>Tidak tercatat.</source>
        <translation>Not recorded.</translation>
    </message>
</context>
<context>
    <name>PlaceDialog</name>
    <message>
        <source>Ubah tempat</source>
        <translation>Edit the place</translation>
    </message>
    <message>
        <source>Tambah tempat</source>
        <translation>Add a place</translation>
    </message>
    <message>
        <source>mis. SMA Negeri 1 Pekalongan</source>
        <translation>e.g. SMA Negeri 1 Pekalongan</translation>
    </message>
    <message>
        <source>(belum dipilih)</source>
        <translation>(not chosen yet)</translation>
    </message>
    <message>
        <source>mis. Kepala Sekolah</source>
        <translation>e.g. Head teacher</translation>
    </message>
    <message>
        <source>8 angka, untuk sekolah dan pesantren</source>
        <translation>8 digits, for schools and pesantren</translation>
    </message>
    <message>
        <source>&amp;Jenis</source>
        <translation>&amp;Kind</translation>
    </message>
    <message>
        <source>Na&amp;ma</source>
        <translation>Na&amp;me</translation>
    </message>
    <message>
        <source>&amp;Alamat</source>
        <translation>&amp;Address</translation>
    </message>
    <message>
        <source>Ke&amp;lurahan</source>
        <translation>Ke&amp;lurahan</translation>
    </message>
    <message>
        <source>K&amp;ontak</source>
        <translation>C&amp;ontact</translation>
    </message>
    <message>
        <source>Ja&amp;batan</source>
        <translation>Pos&amp;ition</translation>
    </message>
    <message>
        <source>&amp;Telepon</source>
        <translation>&amp;Phone</translation>
    </message>
    <message>
        <source>N&amp;PSN</source>
        <translation>NPS&amp;N</translation>
    </message>
    <message>
        <source>&amp;Simpan</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Tempat jemput bola tidak pernah dihapus: nonaktifkan bila tidak dipakai lagi; kunjungannya tetap tercatat.</source>
        <translation>A jemput bola place is never deleted: deactivate it when it is no longer used; its visits stay on record.</translation>
    </message>
</context>
<context>
    <name>PlacesModel</name>
    <message>
        <source>Jenis</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Kelurahan</source>
        <translation>Kelurahan</translation>
    </message>
    <message>
        <source>Kontak</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>Telepon</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Aktif</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>Nonaktif</source>
        <translation>Inactive</translation>
    </message>
</context>
<context>
    <name>PlanDaysModel</name>
    <message>
        <source>Tanggal</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Lokasi</source>
        <translation>Location</translation>
    </message>
    <message>
        <source>Dijadwalkan</source>
        <translation>Scheduled</translation>
    </message>
    <message>
        <source>Sisa tempat</source>
        <translation>Places left</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <source>3. Pratinjau</source>
        <translation>3. Preview</translation>
    </message>
    <message>
        <source>Hitungan ini dari pemeriksaan seluruh berkas; belum ada yang disimpan.</source>
        <translation>These counts come from checking the whole file; nothing is saved yet.</translation>
    </message>
    <message>
        <source>Simpan &amp;laporan kesalahan…</source>
        <translation>Save the error &amp;report…</translation>
    </message>
    <message>
        <source>Baris yang tidak akan diimpor:</source>
        <translation>Rows that will not be imported:</translation>
    </message>
    <message>
        <source>Memeriksa berkas…</source>
        <translation>Checking the file…</translation>
    </message>
    <message>
        <source>Memeriksa berkas</source>
        <translation>Checking the file</translation>
    </message>
    <message>
        <source>Pemeriksaan dibatalkan.</source>
        <translation>Check cancelled.</translation>
    </message>
    <message>
        <source>Tunggu sampai pemeriksaan berkas selesai.</source>
        <translation>Wait until the file has been checked.</translation>
    </message>
    <message>
        <source>Tidak ada warga baru atau yang berubah untuk diimpor.</source>
        <translation>No new or changed people to import.</translation>
    </message>
</context>
<context>
    <name>PrintJobsPanel</name>
    <message>
        <source>Waktu</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>Printer</translation>
    </message>
    <message>
        <source>Halaman</source>
        <translation>Pages</translation>
    </message>
    <message>
        <source>Surat</source>
        <translation>Letters</translation>
    </message>
    <message>
        <source>Keadaan</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Bat&amp;alkan pekerjaan</source>
        <translation>C&amp;ancel job</translation>
    </message>
    <message>
        <source>Perbarui</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>&lt;b&gt;Pekerjaan cetak terakhir&lt;/b&gt;</source>
        <translation>&lt;b&gt;Last print jobs&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Cetak sebagai gambar?</source>
        <translation>Print as images?</translation>
    </message>
    <message>
        <source>Printer ini tidak menerima PDF. Halaman dapat dikirim sebagai gambar: jauh lebih lambat dan berkas cetaknya ratusan kali lebih besar.</source>
        <translation>This printer does not accept PDF. The pages can be sent as images: much slower, and the print file is hundreds of times larger.</translation>
    </message>
    <message>
        <source>Cetak sebagai gambar</source>
        <translation>Print as images</translation>
    </message>
    <message>
        <source>{n} dokumen kunjungan {visit}</source>
        <translation>{n} visit {visit} documents</translation>
    </message>
</context>
<context>
    <name>ProfilKantorPage</name>
    <message>
        <source> (panggilan ke-{n})</source>
        <translation> (call no. {n})</translation>
    </message>
    <message>
        <source>Teks panggilan pertama</source>
        <translation>Text of the first call</translation>
    </message>
    <message>
        <source>Teks panggilan kedua dst.</source>
        <translation>Text of the second and later calls</translation>
    </message>
    <message>
        <source>Profil Kantor dan Teks Surat</source>
        <translation>Office Profile and Letter Texts</translation>
    </message>
    <message>
        <source>Profil &amp;kantor</source>
        <translation>&amp;Office profile</translation>
    </message>
    <message>
        <source>Pratinjau muncul di sini.</source>
        <translation>The preview appears here.</translation>
    </message>
    <message>
        <source>&amp;Pratinjau untuk:</source>
        <translation>Pre&amp;view for:</translation>
    </message>
    <message>
        <source>Bat&amp;alkan perubahan</source>
        <translation>&amp;Undo changes</translation>
    </message>
    <message>
        <source>Kembali ke yang tersimpan</source>
        <translation>Back to what is saved</translation>
    </message>
    <message>
        <source>&amp;Simpan</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <source>Simpan profil kantor dan teks surat</source>
        <translation>Save the office profile and the letter texts</translation>
    </message>
    <message>
        <source>Kode klasifikasi</source>
        <translation>Filing code</translation>
    </message>
    <message>
        <source>Tanggal pemungutan suara diatur di Pengaturan umum. Isian bertanda * wajib diisi.</source>
        <translation>The polling day is set in the general Settings. Fields marked * are required.</translation>
    </message>
    <message>
        <source>Pilih &amp;logo…</source>
        <translation>Choose the &amp;logo…</translation>
    </message>
    <message>
        <source>Hapus logo</source>
        <translation>Remove logo</translation>
    </message>
    <message>
        <source>(lain, ditulis pada pola)</source>
        <translation>(other, written in the pattern)</translation>
    </message>
    <message>
        <source>Pilih gambar…</source>
        <translation>Choose image…</translation>
    </message>
    <message>
        <source>Hapus</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Pilih gambar</source>
        <translation>Choose an image</translation>
    </message>
    <message>
        <source>Gambar (*.png *.jpg *.jpeg)</source>
        <translation>Images (*.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <source>Belum ada gambar.</source>
        <translation>No image yet.</translation>
    </message>
    <message>
        <source>Tersimpan ({size} KB).</source>
        <translation>Saved ({size} KB).</translation>
    </message>
    <message>
        <source>Teks surat untuk panggilan pertama.</source>
        <translation>The letter&apos;s text for the first call.</translation>
    </message>
    <message>
        <source>Teks surat untuk panggilan kedua dan seterusnya (warga yang belum datang).</source>
        <translation>The letter&apos;s text for the second and later calls (people who have not come yet).</translation>
    </message>
    <message>
        <source>Kembalikan semua teks ini ke teks ba&amp;waan</source>
        <translation>Reset all these texts to the &amp;defaults</translation>
    </message>
    <message>
        <source>Klik dua kali untuk menyisipkan {name} di teks yang sedang diubah</source>
        <translation>Double-click to insert {name} into the text being edited</translation>
    </message>
    <message>
        <source>I&amp;sian yang dapat dipakai:</source>
        <translation>Placeholders you can u&amp;se:</translation>
    </message>
    <message>
        <source>Belum ada warga yang dipanggil</source>
        <translation>No one has been called yet</translation>
    </message>
    <message>
        <source>(tanpa
logo)</source>
        <translation>(no
logo)</translation>
    </message>
    <message>
        <source>Belum ada logo: surat hanya dapat dilihat sebagai CONTOH, belum dapat dicetak.</source>
        <translation>No logo yet: letters can only be seen as a SAMPLE (CONTOH), not printed yet.</translation>
    </message>
    <message>
        <source>Pilih logo daerah</source>
        <translation>Choose the regional logo</translation>
    </message>
    <message>
        <source>Perbaiki isian yang ditandai merah sebelum menyimpan.</source>
        <translation>Correct the fields marked in red before saving.</translation>
    </message>
    <message>
        <source>Pratinjau muncul setelah ada warga yang dijadwalkan.</source>
        <translation>The preview appears once people are scheduled.</translation>
    </message>
    <message>
        <source>Pratinjau belum diperbarui: perbaiki dulu isian yang ditandai merah.</source>
        <translation>The preview is not updated: first correct the fields marked in red.</translation>
    </message>
    <message>
        <source>Pratinjau dengan teks {which}, belum disimpan bila ada perubahan. Tidak ada nomor yang dipakai.</source>
        <translation>Preview with the {which} text, not saved yet if changed. No number is used.</translation>
    </message>
    <message>
        <source>panggilan pertama</source>
        <translation>first call</translation>
    </message>
    <message>
        <source>panggilan kedua dst.</source>
        <translation>second and later calls</translation>
    </message>
    <message>
        <source>Profil kantor dan teks surat tersimpan.</source>
        <translation>Office profile and letter texts saved.</translation>
    </message>
</context>
<context>
    <name>ProposalsModel</name>
    <message>
        <source>Jenis</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Tempat atau wilayah</source>
        <translation>Place or area</translation>
    </message>
    <message>
        <source>Warga</source>
        <translation>People</translation>
    </message>
    <message>
        <source>Catatan</source>
        <translation>Note</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>Simpan</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Keterangan:</source>
        <translation>Note:</translation>
    </message>
    <message>
        <source>Wajib diisi</source>
        <translation>Required</translation>
    </message>
    <message>
        <source>Wajib diisi untuk Lainnya</source>
        <translation>Required for Other</translation>
    </message>
    <message>
        <source>Boleh dikosongkan</source>
        <translation>May be left empty</translation>
    </message>
    <message>
        <source>Tuliskan tempat tujuannya.</source>
        <translation>Write where they went.</translation>
    </message>
    <message>
        <source>Tuliskan alasannya untuk &quot;Lainnya&quot;.</source>
        <translation>Write the reason for &quot;Other&quot;.</translation>
    </message>
</context>
<context>
    <name>RestoreChoiceDialog</name>
    <message>
        <source>Pulihkan dari cadangan</source>
        <translation>Restore from backup</translation>
    </message>
    <message>
        <source>Cadangan basis data ini, yang terbaru di atas:</source>
        <translation>This database&apos;s backups, newest first:</translation>
    </message>
    <message>
        <source>{when} · {reason} · {size} MB</source>
        <translation>{when} · {reason} · {size} MB</translation>
    </message>
    <message>
        <source>Basis data akan diganti dengan cadangan yang dipilih: data sesudah cadangan itu tidak ada di dalamnya. Keadaan sekarang disimpan dulu di folder cadangan. Jendela ditutup, lalu dibuka lagi dan Anda perlu masuk lagi.</source>
        <translation>The database will be replaced by the chosen backup: nothing entered after that backup is in it. The current state is saved to the backups folder first. The window closes, then opens again and you need to log in again.</translation>
    </message>
    <message>
        <source>&amp;Pulihkan</source>
        <translation>&amp;Restore</translation>
    </message>
    <message>
        <source>&amp;Batal</source>
        <translation>&amp;Cancel</translation>
    </message>
</context>
<context>
    <name>RestoreOfferDialog</name>
    <message>
        <source>ektp-desk: basis data</source>
        <translation>ektp-desk: database</translation>
    </message>
    <message>
        <source>Cadangan terakhir yang baik dibuat {when} ({name}). Data sesudah itu tidak ada di dalamnya. Keadaan basis data sekarang disimpan dulu di folder cadangan.</source>
        <translation>The last good backup was made {when} ({name}). Data entered after that is not in it. The database as it is now is first kept in the backup folder.</translation>
    </message>
    <message>
        <source>&amp;Pulihkan dari cadangan {when}</source>
        <translation>&amp;Restore the backup of {when}</translation>
    </message>
    <message>
        <source>&amp;Mulai basis data kosong</source>
        <translation>&amp;Start an empty database</translation>
    </message>
    <message>
        <source>&amp;Keluar</source>
        <translation>&amp;Quit</translation>
    </message>
</context>
<context>
    <name>SessionGuard</name>
    <message>
        <source>Ganti kata &amp;sandi…</source>
        <translation>Change &amp;password…</translation>
    </message>
    <message>
        <source>Kunci &amp;layar</source>
        <translation>&amp;Lock screen</translation>
    </message>
</context>
<context>
    <name>SinkronisasiPage</name>
    <message>
        <source>Sinkronisasi</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>Buat identitas kantor…</source>
        <translation>Create the office identity…</translation>
    </message>
    <message>
        <source>Simpan kartu kantor…</source>
        <translation>Save the office card…</translation>
    </message>
    <message>
        <source>Percayai kartu kantor lain…</source>
        <translation>Trust another office&apos;s card…</translation>
    </message>
    <message>
        <source>Ganti kunci…</source>
        <translation>Replace keys…</translation>
    </message>
    <message>
        <source>Kunci baru untuk kantor ini (mis. kata sandi bocor). Kartu kantor yang baru harus dikirim dan dipercaya lagi di kantor lain.</source>
        <translation>New keys for this office (e.g. the passphrase leaked). The new office card must be sent and trusted again at the other offices.</translation>
    </message>
    <message>
        <source>Pensiunkan kunci kantor terpilih…</source>
        <translation>Retire the chosen office&apos;s keys…</translation>
    </message>
    <message>
        <source>PC kantor lain hilang atau dicuri: berkas dari kuncinya ditolak sampai kartu barunya dipercaya.</source>
        <translation>Another office&apos;s PC was lost or stolen: files from its keys are refused until its new card is trusted.</translation>
    </message>
    <message>
        <source>Pulihkan kunci…</source>
        <translation>Restore keys…</translation>
    </message>
    <message>
        <source>Batalkan pensiun kunci kantor terpilih, atau kembalikan kuncinya yang lama bila kartu yang salah telah dipercaya.</source>
        <translation>Undo the retirement of the chosen office&apos;s keys, or bring back its old keys if a wrong card was trusted.</translation>
    </message>
    <message>
        <source>Kantor ini</source>
        <translation>This office</translation>
    </message>
    <message>
        <source>Kantor</source>
        <translation>Office</translation>
    </message>
    <message>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Sidik kunci</source>
        <translation>Key fingerprint</translation>
    </message>
    <message>
        <source>Terkirim</source>
        <translation>Sent</translation>
    </message>
    <message>
        <source>Dikonfirmasi</source>
        <translation>Confirmed</translation>
    </message>
    <message>
        <source>Akan dikirim</source>
        <translation>To send</translation>
    </message>
    <message>
        <source>Berkas terakhir masuk</source>
        <translation>Last file received</translation>
    </message>
    <message>
        <source>Baris yang akan dimuat berkas berikutnya untuk kantor ini: semua yang belum dikonfirmasi tanda terimanya, yang sudah dikirim maupun perubahan yang belum pernah diekspor.</source>
        <translation>The rows the next file for this office will carry: everything whose receipt is not confirmed yet, sent already or changes never exported.</translation>
    </message>
    <message>
        <source>Tinjau &amp;konflik…</source>
        <translation>Review &amp;conflicts…</translation>
    </message>
    <message>
        <source>Pilih folder…</source>
        <translation>Choose folder…</translation>
    </message>
    <message>
        <source>&amp;Ekspor</source>
        <translation>&amp;Export</translation>
    </message>
    <message>
        <source>Untuk:</source>
        <translation>To:</translation>
    </message>
    <message>
        <source>Ke folder / flashdisk:</source>
        <translation>To the folder / USB stick:</translation>
    </message>
    <message>
        <source>Ekspor</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>&amp;Impor berkas…</source>
        <translation>&amp;Import file…</translation>
    </message>
    <message>
        <source>Impor</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>Belum ada identitas kantor. Buat identitas sebelum bertukar berkas.</source>
        <translation>No office identity yet. Create one before exchanging files.</translation>
    </message>
    <message>
        <source>{office_id} — {name} ({kind}) · sidik kunci {fp}</source>
        <translation>{office_id} — {name} ({kind}) · key fingerprint {fp}</translation>
    </message>
    <message>
        <source> (dipensiunkan)</source>
        <translation> (retired)</translation>
    </message>
    <message>
        <source>Perubahan yang belum pernah diekspor: {unsent} · konflik untuk ditinjau: {conflicts} · baris ditolak: {rejected}</source>
        <translation>Changes never exported: {unsent} · conflicts to review: {conflicts} · rows refused: {rejected}</translation>
    </message>
    <message>
        <source>Kata sandi kunci kantor:</source>
        <translation>Office key passphrase:</translation>
    </message>
    <message>
        <source>Simpan kartu kantor</source>
        <translation>Save the office card</translation>
    </message>
    <message>
        <source>Kartu kantor (*.ektpcard);;Semua berkas (*)</source>
        <translation>Office card (*.ektpcard);;All files (*)</translation>
    </message>
    <message>
        <source>Kartu kantor disimpan: {path}. Bacakan sidik kunci lewat telepon: {fp}</source>
        <translation>Office card saved: {path}. Read the key fingerprint out by phone: {fp}</translation>
    </message>
    <message>
        <source>Percayai kartu kantor</source>
        <translation>Trust an office card</translation>
    </message>
    <message>
        <source>Kartu kantor (*.ektpcard *.card);;Semua berkas (*)</source>
        <translation>Office card (*.ektpcard *.card);;All files (*)</translation>
    </message>
    <message>
        <source>Kartu kantor</source>
        <translation>Office card</translation>
    </message>
    <message>
        <source>Bandingkan sidik kunci</source>
        <translation>Compare the key fingerprint</translation>
    </message>
    <message>
        <source>Kantor {office_id} ({name}).
Ketik sidik kunci yang dibacakan lewat telepon:</source>
        <translation>Office {office_id} ({name}).
Type the key fingerprint read out by phone:</translation>
    </message>
    <message>
        <source>Ganti kunci kantor?</source>
        <translation>Replace the office&apos;s keys?</translation>
    </message>
    <message>
        <source>Sidik kunci yang Anda ketik ({fp}) cocok dengan kartu ini. Ganti kunci kantor itu sekarang? Kunci lamanya dipensiunkan (dapat dipulihkan).</source>
        <translation>The key fingerprint you typed ({fp}) matches this card. Replace that office&apos;s keys now? Its old keys are retired (they can be restored).</translation>
    </message>
    <message>
        <source>Ganti kunci</source>
        <translation>Replace keys</translation>
    </message>
    <message>
        <source>Membuat kunci baru</source>
        <translation>Making new keys</translation>
    </message>
    <message>
        <source>Kunci baru dibuat. Simpan kartu kantor dan kirim ke kantor lain; bacakan sidik kunci baru lewat telepon: {fp}</source>
        <translation>New keys made. Save the office card and send it to the other offices; read the new key fingerprint out by phone: {fp}</translation>
    </message>
    <message>
        <source>Pensiunkan kunci</source>
        <translation>Retire keys</translation>
    </message>
    <message>
        <source>Pensiunkan kunci {name} ({office_id}), sidik {fp}?

Berkas yang dibuat dengan kunci ini akan ditolak sampai kartu kantor barunya dipercaya. Lakukan ini bila PC kantor itu hilang atau dicuri.</source>
        <translation>Retire the keys of {name} ({office_id}), fingerprint {fp}?

Files made with these keys will be refused until the office&apos;s new card is trusted. Do this when that office&apos;s PC was lost or stolen.</translation>
    </message>
    <message>
        <source>Pulihkan kunci</source>
        <translation>Restore keys</translation>
    </message>
    <message>
        <source>Kantor {office_id} tidak punya kunci yang dipensiunkan.</source>
        <translation>Office {office_id} has no retired keys.</translation>
    </message>
    <message>
        <source>{fp} (dipensiunkan {at})</source>
        <translation>{fp} (retired {at})</translation>
    </message>
    <message>
        <source>Kunci {name} ({office_id}) yang dipercaya lagi:</source>
        <translation>The keys of {name} ({office_id}) to trust again:</translation>
    </message>
    <message>
        <source>Pilih folder atau flashdisk</source>
        <translation>Choose a folder or USB stick</translation>
    </message>
    <message>
        <source>Belum ada kantor tujuan yang dipercaya.</source>
        <translation>No trusted office to send to yet.</translation>
    </message>
    <message>
        <source>Menulis berkas… jangan cabut flashdisk.</source>
        <translation>Writing the file… do not unplug the USB stick.</translation>
    </message>
    <message>
        <source>Mengekspor data</source>
        <translation>Exporting data</translation>
    </message>
    <message>
        <source>{rows} baris ditulis dan sudah diperiksa ulang: flashdisk aman dicabut.
Berkas: {name}
Folder: {folder}</source>
        <translation>{rows} rows written and checked again: the USB stick is safe to unplug.
File: {name}
Folder: {folder}</translation>
    </message>
    <message>
        <source>Impor berkas sinkronisasi</source>
        <translation>Import a sync file</translation>
    </message>
    <message>
        <source>Berkas sinkronisasi (*.ektpsync);;Semua berkas (*)</source>
        <translation>Sync file (*.ektpsync);;All files (*)</translation>
    </message>
    <message>
        <source>Memeriksa dan mengimpor…</source>
        <translation>Checking and importing…</translation>
    </message>
    <message>
        <source>Mengimpor data</source>
        <translation>Importing data</translation>
    </message>
    <message>
        <source>Tanda terima dari {origin}: {n} baris dikonfirmasi.</source>
        <translation>Receipt from {origin}: {n} rows confirmed.</translation>
    </message>
    <message>
        <source>Dari {origin}: baru {new}, diperbarui {updated}, kejadian baru {events}, dilewati {skipped}, konflik untuk ditinjau {conflicts}, ditolak {rejected}.
Tanda terima untuk pengirim: {receipt}</source>
        <translation>From {origin}: {new} new, {updated} updated, {events} new events, {skipped} skipped, {conflicts} conflicts to review, {rejected} refused.
Receipt for the sender: {receipt}</translation>
    </message>
</context>
<context>
    <name>SlotActions</name>
    <message>
        <source>Membatalkan sesi</source>
        <translation>Cancelling the session</translation>
    </message>
    <message>
        <source>Surat {n} orang yang sudah dicetak ditandai perlu dicetak ulang.</source>
        <translation>The printed letters of {n} people are marked for reprinting.</translation>
    </message>
    <message>
        <source>Surat mereka belum dicetak, jadi nanti dicetak dengan jadwal baru.</source>
        <translation>Their letters were not printed yet, so they will be printed with the new schedule.</translation>
    </message>
    <message>
        <source>{n} warga dijadwalkan ({slots} sesi baru). Surat panggilan dapat dicetak di halaman Surat.</source>
        <translation>{n} people scheduled ({slots} new sessions). The summoning letters can be printed on the Letters page.</translation>
    </message>
    <message>
        <source>Sesi {location}, {date} {when} ditambahkan.</source>
        <translation>Session {location}, {date} {when} added.</translation>
    </message>
    <message>
        <source>(sesi khusus)</source>
        <translation>(special session)</translation>
    </message>
    <message>
        <source>Sesi {slot} dibatalkan.</source>
        <translation>Session {slot} cancelled.</translation>
    </message>
    <message>
        <source>{n} orang dipindah ke sesi berikutnya.</source>
        <translation>{n} people moved to the next session.</translation>
    </message>
    <message>
        <source>{n} orang tidak mendapat tempat dan kembali berstatus belum dipanggil.</source>
        <translation>{n} people found no place and are back to not called yet.</translation>
    </message>
    <message>
        <source>Sesi {old} dipindah ke {date} {when}; {n} orang ikut pindah.</source>
        <translation>Session {old} moved to {date} {when}; {n} people moved with it.</translation>
    </message>
    <message>
        <source>{n} orang dipindah ke {slot}.</source>
        <translation>{n} people moved to {slot}.</translation>
    </message>
</context>
<context>
    <name>SlotChoiceModel</name>
    <message>
        <source>Tanggal</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Jam</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Lokasi</source>
        <translation>Location</translation>
    </message>
    <message>
        <source>Terisi</source>
        <translation>Taken</translation>
    </message>
    <message>
        <source>Sisa</source>
        <translation>Free</translation>
    </message>
    <message>
        <source>Tinggal {free} tempat: tidak cukup untuk {n} orang</source>
        <translation>Only {free} places left: not enough for {n} people</translation>
    </message>
</context>
<context>
    <name>SlotPeopleModel</name>
    <message>
        <source>Belum dicetak</source>
        <translation>Not printed</translation>
    </message>
    <message>
        <source>Sudah dicetak</source>
        <translation>Already printed</translation>
    </message>
    <message>
        <source>Cetak ulang</source>
        <translation>Reprint</translation>
    </message>
    <message>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>NIK</source>
        <translation>NIK</translation>
    </message>
    <message>
        <source>Kelurahan</source>
        <translation>Kelurahan</translation>
    </message>
    <message>
        <source>RT/RW</source>
        <translation>RT/RW</translation>
    </message>
    <message>
        <source>Ke-</source>
        <translation>Call</translation>
    </message>
    <message>
        <source>Surat</source>
        <translation>Letters</translation>
    </message>
    <message>
        <source>Panggilan ke-</source>
        <translation>Call number</translation>
    </message>
</context>
<context>
    <name>SuratPage</name>
    <message>
        <source>Belum dicetak</source>
        <translation>Not printed</translation>
    </message>
    <message>
        <source>Perlu dicetak ulang</source>
        <translation>To be reprinted</translation>
    </message>
    <message>
        <source>Per sesi</source>
        <translation>By session</translation>
    </message>
    <message>
        <source>Per tanggal</source>
        <translation>By date</translation>
    </message>
    <message>
        <source>Per kelurahan</source>
        <translation>By kelurahan</translation>
    </message>
    <message>
        <source>Surat Panggilan</source>
        <translation>Summoning Letters</translation>
    </message>
    <message>
        <source>Surat mana yang ditampilkan dan dicetak</source>
        <translation>Which letters are shown and printed</translation>
    </message>
    <message>
        <source>Pilih kelurahan…</source>
        <translation>Choose a kelurahan…</translation>
    </message>
    <message>
        <source>Hanya yang &amp;belum dicetak</source>
        <translation>Only those &amp;not printed</translation>
    </message>
    <message>
        <source>&amp;Tanggal:</source>
        <translation>&amp;Date:</translation>
    </message>
    <message>
        <source>S&amp;esi:</source>
        <translation>S&amp;ession:</translation>
    </message>
    <message>
        <source>&amp;Kelurahan:</source>
        <translation>&amp;Kelurahan:</translation>
    </message>
    <message>
        <source>&amp;Surat:</source>
        <translation>&amp;Letter:</translation>
    </message>
    <message>
        <source>&amp;Pratinjau</source>
        <translation>&amp;Preview</translation>
    </message>
    <message>
        <source>Pratinjau surat warga yang dipilih (Enter). Tidak mencatat nomor apa pun.</source>
        <translation>Preview the letter of the chosen person (Enter). Records no number.</translation>
    </message>
    <message>
        <source>&amp;Cetak…</source>
        <translation>Pr&amp;int…</translation>
    </message>
    <message>
        <source>Buat PDF semua surat pilihan ini; surat baru mendapat nomor dan tercatat di agenda surat keluar.</source>
        <translation>Make the PDF of every letter chosen here; new letters get a number and are recorded in the register of outgoing letters.</translation>
    </message>
    <message>
        <source>Juga daftar &amp;tanda terima</source>
        <translation>Also the &amp;delivery list</translation>
    </message>
    <message>
        <source>Juga buat PDF daftar tanda terima per RT/RW untuk pengantar surat.</source>
        <translation>Also make the PDF of the delivery list per RT/RW for the letter carrier.</translation>
    </message>
    <message>
        <source>Tandai cetak &amp;ulang</source>
        <translation>Mark for &amp;reprint</translation>
    </message>
    <message>
        <source>Tandai surat terpilih yang sudah dicetak (hilang atau rusak) untuk dicetak ulang dengan nomor yang sama.</source>
        <translation>Mark the chosen letters already printed (lost or damaged) to be reprinted with the same number.</translation>
    </message>
    <message>
        <source>Muat ulang</source>
        <translation>Reload</translation>
    </message>
    <message>
        <source>Baca daftar surat lagi</source>
        <translation>Read the list of letters again</translation>
    </message>
    <message>
        <source>Cetak ke p&amp;rinter…</source>
        <translation>Print to prin&amp;ter…</translation>
    </message>
    <message>
        <source>Kirim PDF surat yang sudah dibuat ke printer</source>
        <translation>Send the PDF of the letters already made to the printer</translation>
    </message>
    <message>
        <source>Bu&amp;ka PDF</source>
        <translation>&amp;Open PDF</translation>
    </message>
    <message>
        <source>Buka PDF surat di penampil PDF</source>
        <translation>Open the letters&apos; PDF in the PDF viewer</translation>
    </message>
    <message>
        <source>Buka &amp;daftar tanda terima</source>
        <translation>Open the deli&amp;very list</translation>
    </message>
    <message>
        <source>Hasil cetak</source>
        <translation>Printout</translation>
    </message>
    <message>
        <source>Tampilkan lagi PDF hasil cetak terakhir</source>
        <translation>Show the PDF of the last print run again</translation>
    </message>
    <message>
        <source>Pilih surat lalu tekan Pratinjau, atau cetak surat pilihan ini.</source>
        <translation>Choose a letter and press Preview, or print the letters chosen here.</translation>
    </message>
    <message>
        <source>{time} {place} ({count} orang)</source>
        <translation>{time} {place} ({count} people)</translation>
    </message>
    <message>
        <source>Tidak ada sesi pada tanggal ini</source>
        <translation>No sessions on this date</translation>
    </message>
    <message>
        <source>sesi {slot}</source>
        <translation>session {slot}</translation>
    </message>
    <message>
        <source>kelurahan {name}</source>
        <translation>kelurahan {name}</translation>
    </message>
    <message>
        <source>yang perlu dicetak ulang</source>
        <translation>to be reprinted</translation>
    </message>
    <message>
        <source>yang belum dicetak</source>
        <translation>not printed yet</translation>
    </message>
    <message>
        <source>, hanya yang belum dicetak</source>
        <translation>, only those not printed yet</translation>
    </message>
    <message>
        <source>Pilih sesinya.</source>
        <translation>Choose the session.</translation>
    </message>
    <message>
        <source>Pilih kelurahannya.</source>
        <translation>Choose the kelurahan.</translation>
    </message>
    <message>
        <source>Tidak ada surat {what}.</source>
        <translation>No letters {what}.</translation>
    </message>
    <message>
        <source>{total} surat {what}: {printed} dicetak, {unprinted} belum dicetak, {reprint} perlu dicetak ulang.</source>
        <translation>{total} letters {what}: {printed} printed, {unprinted} not printed yet, {reprint} to be reprinted.</translation>
    </message>
    <message>
        <source>nomor {number}</source>
        <translation>number {number}</translation>
    </message>
    <message>
        <source>nomor belum diberikan</source>
        <translation>no number yet</translation>
    </message>
    <message>
        <source>&lt;b&gt;Pratinjau&lt;/b&gt; surat {name} ({note})&lt;br&gt;Pratinjau tidak dicatat dan kode QR-nya tidak berlaku; surat yang dikirim dibuat dengan Cetak…</source>
        <translation>&lt;b&gt;Preview&lt;/b&gt; of the letter to {name} ({note})&lt;br&gt;A preview is not recorded and its QR code is not valid; the letters sent are made with Print…</translation>
    </message>
    <message>
        <source>Pemilu sudah lewat</source>
        <translation>The election has passed</translation>
    </message>
    <message>
        <source>Tetap buat surat?</source>
        <translation>Make the letters anyway?</translation>
    </message>
    <message>
        <source>Tetap buat</source>
        <translation>Make them anyway</translation>
    </message>
    <message>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Simpan {n} surat sebagai PDF</source>
        <translation>Save {n} letters as PDF</translation>
    </message>
    <message>
        <source>Berkas PDF (*.pdf)</source>
        <translation>PDF file (*.pdf)</translation>
    </message>
    <message>
        <source>Membuat surat…</source>
        <translation>Making the letters…</translation>
    </message>
    <message>
        <source>Mencetak {n} surat</source>
        <translation>Printing {n} letters</translation>
    </message>
    <message>
        <source>; nomor baru {first} s.d. {last}</source>
        <translation>; new numbers {first} to {last}</translation>
    </message>
    <message>
        <source>PDF {letters} surat dibuat ({new} baru{numbers}; {reprints} cetak ulang) di {path}. Surat tercatat dicetak setelah printer menerimanya.</source>
        <translation>PDF of {letters} letters made ({new} new{numbers}; {reprints} reprinted) in {path}. The letters count as printed once the printer accepts them.</translation>
    </message>
    <message>
        <source>Tidak ada surat yang dicetak.</source>
        <translation>No letters were printed.</translation>
    </message>
    <message>
        <source>Pencetakan dibatalkan; tidak ada nomor yang dipakai.</source>
        <translation>Printing cancelled; no number was used.</translation>
    </message>
    <message>
        <source>Berkas {path} tidak dapat dibuka ({detail}).</source>
        <translation>The file {path} cannot be opened ({detail}).</translation>
    </message>
    <message>
        <source>&lt;b&gt;Hasil cetak&lt;/b&gt;: {name} ({pages} halaman)</source>
        <translation>&lt;b&gt;Printout&lt;/b&gt;: {name} ({pages} pages)</translation>
    </message>
    <message>
        <source>Mengirim ke printer {printer}</source>
        <translation>Sending to the printer {printer}</translation>
    </message>
    <message>
        <source>Dikirim ke printer {printer}: {pages} halaman, {letters} surat tercatat dicetak (pekerjaan {job}).</source>
        <translation>Sent to the printer {printer}: {pages} pages, {letters} letters recorded as printed (job {job}).</translation>
    </message>
    <message>
        <source>Pilih surat yang sudah dicetak untuk ditandai cetak ulang.</source>
        <translation>Choose the letters already printed to mark them for reprinting.</translation>
    </message>
    <message>
        <source>Tandai cetak ulang</source>
        <translation>Mark for reprint</translation>
    </message>
    <message>
        <source>Tandai {n} surat untuk dicetak ulang?</source>
        <translation>Mark {n} letters for reprinting?</translation>
    </message>
    <message>
        <source>{names}
Nomor suratnya tetap. Cetak ulang dengan pilihan &apos;Perlu dicetak ulang&apos;.</source>
        <translation>{names}
Their letter numbers stay. Reprint them with the choice &apos;To be reprinted&apos;.</translation>
    </message>
    <message>
        <source>Tandai</source>
        <translation>Mark</translation>
    </message>
    <message>
        <source>{n} surat ditandai untuk dicetak ulang (nomornya tetap).</source>
        <translation>{n} letters marked for reprinting (their numbers stay).</translation>
    </message>
</context>
<context>
    <name>VisitDialog</name>
    <message>
        <source>Buat kunjungan dari usulan</source>
        <translation>Make visits from the proposal</translation>
    </message>
    <message>
        <source>Buat kunjungan</source>
        <translation>Make a visit</translation>
    </message>
    <message>
        <source>Rumah warga (tempat dibuat otomatis)</source>
        <translation>People&apos;s homes (the place is made automatically)</translation>
    </message>
    <message>
        <source>Nama petugas, dipisah koma; yang pertama ketua tim</source>
        <translation>Clerks&apos; names, separated by commas; the first leads the team</translation>
    </message>
    <message>
        <source>Akhir pekan / hari libur &amp;disengaja</source>
        <translation>&amp;Weekend or holiday on purpose</translation>
    </message>
    <message>
        <source>&amp;Tempat</source>
        <translation>&amp;Place</translation>
    </message>
    <message>
        <source>Tangga&amp;l</source>
        <translation>Dat&amp;e</translation>
    </message>
    <message>
        <source>Mulai tangga&amp;l</source>
        <translation>Start dat&amp;e</translation>
    </message>
    <message>
        <source>&amp;Jam</source>
        <translation>&amp;Time</translation>
    </message>
    <message>
        <source>Ti&amp;m</source>
        <translation>Tea&amp;m</translation>
    </message>
    <message>
        <source>&amp;Alat rekam</source>
        <translation>&amp;Recording kits</translation>
    </message>
    <message>
        <source>Daya tampung</source>
        <translation>Capacity</translation>
    </message>
    <message>
        <source>{n} warga diusulkan. Kunjungan dibuat pada hari kerja mulai tanggal ini, satu per hari, masing-masing sampai daya tampungnya.</source>
        <translation>{n} people proposed. Visits are made on working days from this date, one a day, each up to its capacity.</translation>
    </message>
    <message>
        <source>&amp;Simpan</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Warga yang ditambahkan</source>
        <translation>People added</translation>
    </message>
    <message>
        <source>Nanti (tambah di daftar kunjungan)</source>
        <translation>Later (add them on the visit&apos;s list)</translation>
    </message>
    <message>
        <source>Menurut sa&amp;ringan:</source>
        <translation>By &amp;filter:</translation>
    </message>
    <message>
        <source>Kandidat (berulang tidak &amp;hadir)</source>
        <translation>Candidates (repeated &amp;no-shows)</translation>
    </message>
    <message>
        <source>Semua kategori</source>
        <translation>All categories</translation>
    </message>
    <message>
        <source>Semua kelurahan</source>
        <translation>All kelurahan</translation>
    </message>
    <message>
        <source>RW</source>
        <translation>RW</translation>
    </message>
    <message>
        <source>RT</source>
        <translation>RT</translation>
    </message>
    <message>
        <source>Daftar sekolah atau lapas: buat kunjungannya dulu, lalu pakai tab Impor daftar.</source>
        <translation>A school or prison list: make the visit first, then use the Import a list tab.</translation>
    </message>
    <message>
        <source>jam selesai harus setelah jam mulai</source>
        <translation>the end time must be after the start time</translation>
    </message>
    <message>
        <source>{n} orang ({kits} alat × {hours} jam × {rate} orang sejam)</source>
        <translation>{n} people ({kits} kits × {hours} hours × {rate} people an hour)</translation>
    </message>
    <message>
        <source>Pilih tempatnya dulu (tambahkan di tab Tempat).</source>
        <translation>Choose the place first (add it on the Places tab).</translation>
    </message>
</context>
<context>
    <name>VisitPeopleModel</name>
    <message>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>NIK</source>
        <translation>NIK</translation>
    </message>
    <message>
        <source>Kelurahan</source>
        <translation>Kelurahan</translation>
    </message>
    <message>
        <source>RT/RW</source>
        <translation>RT/RW</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Hasil kunjungan</source>
        <translation>Visit outcome</translation>
    </message>
</context>
<context>
    <name>VisitsModel</name>
    <message>
        <source>Rencana</source>
        <translation>Planned</translation>
    </message>
    <message>
        <source>Selesai</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Batal</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>jam menyusul</source>
        <translation>hours to follow</translation>
    </message>
    <message>
        <source>Jam</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Tempat</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>Warga</source>
        <translation>People</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
</context>
<context>
    <name>VisitsTab</name>
    <message>
        <source>Pemberit&amp;ahuan</source>
        <translation>Not&amp;ice</translation>
    </message>
    <message>
        <source>&amp;Daftar peserta</source>
        <translation>Participant &amp;list</translation>
    </message>
    <message>
        <source>Berita a&amp;cara</source>
        <translation>Official rep&amp;ort</translation>
    </message>
    <message>
        <source>Surat ke&amp;luarga</source>
        <translation>Fa&amp;mily letter</translation>
    </message>
    <message>
        <source>Buat &amp;kunjungan…</source>
        <translation>&amp;New visit…</translation>
    </message>
    <message>
        <source>Pilih kunjungan di kiri.</source>
        <translation>Choose a visit on the left.</translation>
    </message>
    <message>
        <source>Tambah &amp;warga…</source>
        <translation>A&amp;dd people…</translation>
    </message>
    <message>
        <source>Ha&amp;pus dari daftar</source>
        <translation>&amp;Remove from list</translation>
    </message>
    <message>
        <source>&amp;Tutup kunjungan…</source>
        <translation>Close visi&amp;t…</translation>
    </message>
    <message>
        <source>Dokumen:</source>
        <translation>Documents:</translation>
    </message>
    <message>
        <source>B&amp;uka PDF</source>
        <translation>O&amp;pen PDF</translation>
    </message>
    <message>
        <source>Cetak ke p&amp;rinter…</source>
        <translation>Print to print&amp;er…</translation>
    </message>
    <message>
        <source>Kirim PDF dokumen yang terakhir dibuat ke printer; nomornya tetap</source>
        <translation>Send the PDF of the documents made last to the printer; their numbers stay</translation>
    </message>
    <message>
        <source>Batalkan pek&amp;erjaan</source>
        <translation>Cancel jo&amp;b</translation>
    </message>
    <message>
        <source>{date}: {n} kunjungan</source>
        <translation>{date}: {n} visits</translation>
    </message>
    <message>
        <source>Tidak ada kunjungan pada hari ini. Buat kunjungan baru, atau pilih tanggal yang bertanda.</source>
        <translation>No visits on this day. Make a new visit, or choose a marked date.</translation>
    </message>
    <message>
        <source>belum ditulis</source>
        <translation>not written yet</translation>
    </message>
    <message>
        <source>tanpa batas</source>
        <translation>no limit</translation>
    </message>
    <message>
        <source>&lt;b&gt;{place}&lt;/b&gt; · {date} · {hours} · {state}&lt;br&gt;Tim: {team} · {kits} alat · daya tampung {capacity} · {n} warga, {done} sudah ada hasil</source>
        <translation>&lt;b&gt;{place}&lt;/b&gt; · {date} · {hours} · {state}&lt;br&gt;Team: {team} · {kits} kits · capacity {capacity} · {n} people, {done} with an outcome</translation>
    </message>
    <message>
        <source>Tambah warga</source>
        <translation>Add people</translation>
    </message>
    <message>
        <source>NIK warga yang ditambahkan ke kunjungan:</source>
        <translation>NIK of the people to add to the visit:</translation>
    </message>
    <message>
        <source>{n} warga ditambahkan.</source>
        <translation>{n} people added.</translation>
    </message>
    <message>
        <source>Pilih dulu warga yang dikeluarkan dari daftar.</source>
        <translation>First choose the people to take off the list.</translation>
    </message>
    <message>
        <source>Hapus dari daftar</source>
        <translation>Remove from list</translation>
    </message>
    <message>
        <source>Keluarkan {n} warga dari daftar kunjungan ini?</source>
        <translation>Take {n} people off this visit&apos;s list?</translation>
    </message>
    <message>
        <source>Panggilan kantornya tidak kembali; jadwal berikutnya memanggil mereka lagi.</source>
        <translation>Their office call does not come back; the next schedule calls them again.</translation>
    </message>
    <message>
        <source>Ya, keluarkan</source>
        <translation>Yes, take them off</translation>
    </message>
    <message>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>{n} warga dikeluarkan dari daftar.</source>
        <translation>{n} people taken off the list.</translation>
    </message>
    <message>
        <source>Tutup kunjungan</source>
        <translation>Close the visit</translation>
    </message>
    <message>
        <source>Tutup kunjungan ke {place}?</source>
        <translation>Close the visit to {place}?</translation>
    </message>
    <message>
        <source>{n} warga yang belum ada hasilnya ditandai tidak hadir (masuk panggilan berikutnya).</source>
        <translation>{n} people with no outcome yet are marked as no-shows (they go into the next call).</translation>
    </message>
    <message>
        <source>Ya, tutup</source>
        <translation>Yes, close it</translation>
    </message>
    <message>
        <source>Membuat dokumen kunjungan…</source>
        <translation>Making the visit document…</translation>
    </message>
    <message>
        <source>{n} halaman dibuat: {path}</source>
        <translation>{n} pages made: {path}</translation>
    </message>
    <message>
        <source>Buat dulu dokumennya; berkas PDF-nya tidak ada.</source>
        <translation>Make the documents first; their PDF file is not there.</translation>
    </message>
    <message>
        <source>Mengirim ke printer {printer}</source>
        <translation>Sending to the printer {printer}</translation>
    </message>
    <message>
        <source>, {n} cetak ulang dengan nomor yang sama</source>
        <translation>, {n} reprinted with the same number</translation>
    </message>
    <message>
        <source>Dikirim ke printer {printer}: {pages} halaman, {n} dokumen{again} (pekerjaan {job}).</source>
        <translation>Sent to the printer {printer}: {pages} pages, {n} documents{again} (job {job}).</translation>
    </message>
</context>
<context>
    <name>WalkInDialog</name>
    <message>
        <source>Datang langsung</source>
        <translation>Walk-in</translation>
    </message>
    <message>
        <source>Warga yang tidak ada di daftar dicatat di sini dengan keterangan &quot;datang langsung&quot;. NIK diperiksa dengan aturan yang sama seperti impor.</source>
        <translation>Someone not on the list is recorded here as a &quot;walk-in&quot;. The NIK is checked with the same rules as an import.</translation>
    </message>
    <message>
        <source>16 angka</source>
        <translation>16 digits</translation>
    </message>
    <message>
        <source>Nama lengkap seperti di KK</source>
        <translation>Full name as on the KK</translation>
    </message>
    <message>
        <source>(dari NIK)</source>
        <translation>(from the NIK)</translation>
    </message>
    <message>
        <source>L — Laki-laki</source>
        <translation>L — Male</translation>
    </message>
    <message>
        <source>P — Perempuan</source>
        <translation>P — Female</translation>
    </message>
    <message>
        <source>Belum kawin</source>
        <translation>Not married</translation>
    </message>
    <message>
        <source>Kawin</source>
        <translation>Married</translation>
    </message>
    <message>
        <source>Pernah kawin (cerai hidup/mati)</source>
        <translation>Was married (divorced/widowed)</translation>
    </message>
    <message>
        <source>Umur 16 yang sudah atau pernah kawin mendapat KTP-el tanpa menunggu umur 17.</source>
        <translation>At 16, someone who is or was married gets an e-KTP without waiting until 17.</translation>
    </message>
    <message>
        <source>(belum dipilih)</source>
        <translation>(not chosen yet)</translation>
    </message>
    <message>
        <source>RW</source>
        <translation>RW</translation>
    </message>
    <message>
        <source>&amp;NIK</source>
        <translation>&amp;NIK</translation>
    </message>
    <message>
        <source>Na&amp;ma</source>
        <translation>Na&amp;me</translation>
    </message>
    <message>
        <source>Tgl &amp;lahir</source>
        <translation>&amp;Born on</translation>
    </message>
    <message>
        <source>L/&amp;P</source>
        <translation>Se&amp;x</translation>
    </message>
    <message>
        <source>Status ka&amp;win</source>
        <translation>Marital s&amp;tatus</translation>
    </message>
    <message>
        <source>&amp;Alamat</source>
        <translation>&amp;Address</translation>
    </message>
    <message>
        <source>RT</source>
        <translation>RT</translation>
    </message>
    <message>
        <source>&amp;Kelurahan</source>
        <translation>&amp;Kelurahan</translation>
    </message>
    <message>
        <source>&amp;Simpan</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <source>Simpan (Ctrl+Enter)</source>
        <translation>Save (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>⚠ Umur {age} tahun: belum 16 tahun, belum dapat direkam KTP-el. Warga tetap dapat dicatat hadir dan diberi tanda; perekamannya ditolak sampai umur 16.</source>
        <translation>⚠ Age {age}: not 16 yet, cannot be recorded for an e-KTP. The person can still be marked present and flagged; the recording is refused until 16.</translation>
    </message>
    <message>
        <source>Isi NIK warga.</source>
        <translation>Fill in the person&apos;s NIK.</translation>
    </message>
    <message>
        <source>Isi nama warga.</source>
        <translation>Fill in the person&apos;s name.</translation>
    </message>
    <message>
        <source>Isi alamat warga.</source>
        <translation>Fill in the person&apos;s address.</translation>
    </message>
    <message>
        <source>Pilih kelurahan warga.</source>
        <translation>Choose the person&apos;s kelurahan.</translation>
    </message>
</context>
<context>
    <name>WargaPage</name>
    <message>
        <source>Cari nama atau NIK…</source>
        <translation>Search a name or NIK…</translation>
    </message>
    <message>
        <source>Bagian mana pun dari nama, atau NIK (lengkap atau angka awalnya). Ctrl+F untuk mencari, Esc untuk mengosongkan.</source>
        <translation>Any part of a name, or a NIK (whole or its first digits). Ctrl+F to search, Esc to clear.</translation>
    </message>
    <message>
        <source>Semua kecamatan</source>
        <translation>All kecamatan</translation>
    </message>
    <message>
        <source>Semua kategori</source>
        <translation>All categories</translation>
    </message>
    <message>
        <source>Semua status</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>Belum terekam</source>
        <translation>Not recorded yet</translation>
    </message>
    <message>
        <source>Mencari…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <source>Warga</source>
        <translation>People</translation>
    </message>
    <message>
        <source>Semua kelurahan</source>
        <translation>All kelurahan</translation>
    </message>
    <message>
        <source>{} warga</source>
        <translation>{} people</translation>
    </message>
    <message>
        <source>Belum ada warga. Impor daftar KPU (Ctrl+I).</source>
        <translation>No people yet. Import the KPU list (Ctrl+I).</translation>
    </message>
    <message>
        <source>Tidak ada warga yang cocok</source>
        <translation>No one matches</translation>
    </message>
</context>
<context>
    <name>_SlotWriteDialog</name>
    <message>
        <source>Sesi khusus</source>
        <translation>Special session</translation>
    </message>
    <message>
        <source>Buka sesi khusus pada waktu ini?</source>
        <translation>Open a special session at this time?</translation>
    </message>
    <message>
        <source>Ya, buka sesi khusus</source>
        <translation>Yes, open a special session</translation>
    </message>
    <message>
        <source>Tidak</source>
        <translation>No</translation>
    </message>
    <message>
        <source>&amp;Lokasi:</source>
        <translation>&amp;Location:</translation>
    </message>
    <message>
        <source>&amp;Jam:</source>
        <translation>T&amp;ime:</translation>
    </message>
    <message>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>Basis data {path} tidak ada. Mungkin terhapus atau dipindahkan.</source>
        <translation>The database {path} does not exist. It may have been deleted or moved.</translation>
    </message>
</context>
<context>
    <name>confirm</name>
    <message>
        <source>Ya</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>Tidak</source>
        <translation>No</translation>
    </message>
</context>
<context>
    <name>widgets</name>
    <message>
        <source>Terjadi kesalahan program; rinciannya tercatat di log.</source>
        <translation>A program error happened; its details are in the log.</translation>
    </message>
</context>
</TS>

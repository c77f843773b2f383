#include "wasi/errno_map.h"

#include <dirent.h>
#include <sys/stat.h>

#include <cerrno>

namespace lichen::wasi {

Errno errnoFromHost(int host_errno) {
  switch (host_errno) {
    case 0:
      return Errno::kSuccess;
    case E2BIG:
      return Errno::k2big;
    case EACCES:
      return Errno::kAcces;
    case EADDRINUSE:
      return Errno::kAddrinuse;
    case EADDRNOTAVAIL:
      return Errno::kAddrnotavail;
    case EAFNOSUPPORT:
      return Errno::kAfnosupport;
    case EAGAIN:
      return Errno::kAgain;
    case EALREADY:
      return Errno::kAlready;
    case EBADF:
      return Errno::kBadf;
    case EBADMSG:
      return Errno::kBadmsg;
    case EBUSY:
      return Errno::kBusy;
    case ECANCELED:
      return Errno::kCanceled;
    case ECHILD:
      return Errno::kChild;
    case ECONNABORTED:
      return Errno::kConnaborted;
    case ECONNREFUSED:
      return Errno::kConnrefused;
    case ECONNRESET:
      return Errno::kConnreset;
    case EDEADLK:
      return Errno::kDeadlk;
    case EDESTADDRREQ:
      return Errno::kDestaddrreq;
    case EDOM:
      return Errno::kDom;
    case EDQUOT:
      return Errno::kDquot;
    case EEXIST:
      return Errno::kExist;
    case EFAULT:
      return Errno::kFault;
    case EFBIG:
      return Errno::kFbig;
    case EHOSTUNREACH:
      return Errno::kHostunreach;
    case EIDRM:
      return Errno::kIdrm;
    case EILSEQ:
      return Errno::kIlseq;
    case EINPROGRESS:
      return Errno::kInprogress;
    case EINTR:
      return Errno::kIntr;
    case EINVAL:
      return Errno::kInval;
    case EIO:
      return Errno::kIo;
    case EISCONN:
      return Errno::kIsconn;
    case EISDIR:
      return Errno::kIsdir;
    case ELOOP:
      return Errno::kLoop;
    case EMFILE:
      return Errno::kMfile;
    case EMLINK:
      return Errno::kMlink;
    case EMSGSIZE:
      return Errno::kMsgsize;
    case EMULTIHOP:
      return Errno::kMultihop;
    case ENAMETOOLONG:
      return Errno::kNametoolong;
    case ENETDOWN:
      return Errno::kNetdown;
    case ENETRESET:
      return Errno::kNetreset;
    case ENETUNREACH:
      return Errno::kNetunreach;
    case ENFILE:
      return Errno::kNfile;
    case ENOBUFS:
      return Errno::kNobufs;
    case ENODEV:
      return Errno::kNodev;
    case ENOENT:
      return Errno::kNoent;
    case ENOEXEC:
      return Errno::kNoexec;
    case ENOLCK:
      return Errno::kNolck;
    case ENOLINK:
      return Errno::kNolink;
    case ENOMEM:
      return Errno::kNomem;
    case ENOMSG:
      return Errno::kNomsg;
    case ENOPROTOOPT:
      return Errno::kNoprotoopt;
    case ENOSPC:
      return Errno::kNospc;
    case ENOSYS:
      return Errno::kNosys;
    case ENOTCONN:
      return Errno::kNotconn;
    case ENOTDIR:
      return Errno::kNotdir;
    case ENOTEMPTY:
      return Errno::kNotempty;
    case ENOTRECOVERABLE:
      return Errno::kNotrecoverable;
    case ENOTSOCK:
      return Errno::kNotsock;
    case ENOTSUP:
      return Errno::kNotsup;  // == EOPNOTSUPP on Linux
    case ENOTTY:
      return Errno::kNotty;
    case ENXIO:
      return Errno::kNxio;
    case EOVERFLOW:
      return Errno::kOverflow;
    case EOWNERDEAD:
      return Errno::kOwnerdead;
    case EPERM:
      return Errno::kPerm;
    case EPIPE:
      return Errno::kPipe;
    case EPROTO:
      return Errno::kProto;
    case EPROTONOSUPPORT:
      return Errno::kProtonosupport;
    case EPROTOTYPE:
      return Errno::kPrototype;
    case ERANGE:
      return Errno::kRange;
    case EROFS:
      return Errno::kRofs;
    case ESPIPE:
      return Errno::kSpipe;
    case ESRCH:
      return Errno::kSrch;
    case ESTALE:
      return Errno::kStale;
    case ETIMEDOUT:
      return Errno::kTimedout;
    case ETXTBSY:
      return Errno::kTxtbsy;
    case EXDEV:
      return Errno::kXdev;
    default:
      return Errno::kIo;
  }
}

Filetype filetypeFromMode(mode_t mode) {
  switch (mode & S_IFMT) {
    case S_IFREG:
      return Filetype::kRegularFile;
    case S_IFDIR:
      return Filetype::kDirectory;
    case S_IFCHR:
      return Filetype::kCharacterDevice;
    case S_IFBLK:
      return Filetype::kBlockDevice;
    case S_IFLNK:
      return Filetype::kSymbolicLink;
    case S_IFSOCK:
      return Filetype::kSocketStream;
    default:
      return Filetype::kUnknown;
  }
}

Filetype filetypeFromDirentType(unsigned char type) {
  switch (type) {
    case DT_REG:
      return Filetype::kRegularFile;
    case DT_DIR:
      return Filetype::kDirectory;
    case DT_CHR:
      return Filetype::kCharacterDevice;
    case DT_BLK:
      return Filetype::kBlockDevice;
    case DT_LNK:
      return Filetype::kSymbolicLink;
    case DT_SOCK:
      return Filetype::kSocketStream;
    default:
      return Filetype::kUnknown;
  }
}

}  // namespace lichen::wasi
